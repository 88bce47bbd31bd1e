import { emptyUsage, mergeUsage, type StreamEvent, type Usage } from '../canonical.js';
import type { EncodeResponseContext, StreamEncoder } from '../codec.js';
import { formatSse } from '../../sse/parser.js';
import { CustomCallInput } from '../custom-input-stream.js';
import { customToolNames } from '../custom-tools.js';
import { errorObject } from './errors.js';
import { encodeFinishReason, type FinishReason } from './finish-reason.js';
import { encodeUsage } from './usage.js';

/**
 * Canonical stream events -> `chat.completion.chunk` SSE, in the order OpenAI sends them:
 * a role chunk, content / reasoning_content / tool_calls deltas, a chunk carrying only the
 * finish_reason, the usage chunk (choices: []) when the client asked for it, then [DONE].
 * A call to a tool the client declared custom streams as `{type:"custom", custom:{name,
 * input}}` and then `custom.input` pieces of its free text (the shape OpenAI streams them in).
 */

export class ChatStreamEncoder implements StreamEncoder {
  private started = false;
  private closed = false;
  private finished = false;
  /** Index of the current tool call among this answer's tool calls (OpenAI's tool_calls[].index). */
  private toolIndex = -1;
  /** The custom call being streamed, if the current tool call is one. */
  private custom: CustomCallInput | undefined;
  private usage: Usage = emptyUsage();
  private readonly id: string;
  private readonly created: number;
  private readonly customTools: ReadonlySet<string>;

  constructor(private readonly ctx: EncodeResponseContext) {
    this.id = `chatcmpl-${ctx.requestId}`;
    this.created = Math.floor(ctx.now / 1000);
    this.customTools = customToolNames(ctx.request.tools);
  }

  push(event: StreamEvent): string {
    if (this.closed) return '';
    switch (event.type) {
      case 'start':
        return this.begin();
      case 'part_start':
        if (event.part.type !== 'tool_call') return this.begin();
        this.toolIndex++;
        if (this.customTools.has(event.part.name)) {
          this.custom = new CustomCallInput();
          return (
            this.begin() +
            this.chunk({ tool_calls: [{ index: this.toolIndex, id: event.part.id, type: 'custom', custom: { name: event.part.name, input: '' } }] })
          );
        }
        this.custom = undefined;
        return (
          this.begin() +
          this.chunk({
            tool_calls: [{ index: this.toolIndex, id: event.part.id, type: 'function', function: { name: event.part.name, arguments: '' } }],
          })
        );
      case 'delta': {
        const d = event.delta;
        if (d.type === 'text' && d.text !== '') return this.begin() + this.chunk({ content: d.text });
        if (d.type === 'thinking' && d.text !== '') return this.begin() + this.chunk({ reasoning_content: d.text });
        if (d.type === 'arguments' && this.custom) return this.customInput(d.json);
        if (d.type === 'arguments' && d.json !== '' && this.toolIndex >= 0) {
          return this.begin() + this.chunk({ tool_calls: [{ index: this.toolIndex, function: { arguments: d.json } }] });
        }
        // Signatures have no place in Chat Completions.
        return '';
      }
      case 'part_end':
        return this.endCustom();
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return '';
      case 'finish':
        return this.finish(encodeFinishReason(event.stopReason));
      case 'end': {
        let out = this.finish('stop');
        if (this.ctx.request.includeUsage) {
          out += this.frame({ choices: [], usage: encodeUsage(this.usage) });
        }
        this.closed = true;
        return out + formatSse('[DONE]');
      }
      case 'error': {
        // The SDKs raise an APIError for a data chunk carrying `error`; no [DONE] follows.
        this.closed = true;
        const { message, type, code } = errorObject(event.error);
        return formatSse(JSON.stringify({ error: { message, type, code } }));
      }
    }
  }

  private customInput(json: string): string {
    const text = this.custom?.push(json) ?? '';
    if (text === '') return '';
    return this.begin() + this.chunk({ tool_calls: [{ index: this.toolIndex, custom: { input: text } }] });
  }

  /** When the arguments were not in the streamable {"input": ...} shape, the input goes in one piece at the end. */
  private endCustom(): string {
    const call = this.custom;
    this.custom = undefined;
    const rest = call?.end().rest ?? '';
    return rest === '' ? '' : this.chunk({ tool_calls: [{ index: this.toolIndex, custom: { input: rest } }] });
  }

  private begin(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private finish(reason: FinishReason): string {
    if (this.finished) return '';
    this.finished = true;
    return this.begin() + this.chunk({}, reason);
  }

  private chunk(delta: Record<string, unknown>, finishReason: FinishReason | null = null): string {
    return this.frame({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  private frame(fields: { choices: unknown[]; usage?: unknown }): string {
    return formatSse(
      JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.ctx.model, ...fields }),
    );
  }
}
