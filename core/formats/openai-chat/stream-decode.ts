import { z } from 'zod';
import type { CanonicalError, StreamEvent, Usage } from '../canonical.js';
import type { CodecContext, StreamDecoder } from '../codec.js';
import type { SseMessage } from '../../sse/parser.js';
import { CUSTOM_ARGUMENTS_CLOSE, CUSTOM_ARGUMENTS_OPEN, customArgumentsPiece } from '../custom-tools.js';
import { decodeInlineError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { ThinkTagSplitter, type ContentPiece } from './think-tags.js';
import { decodeUsage } from './usage.js';

/**
 * Upstream `chat.completion.chunk` stream -> canonical stream events. Chat Completions has
 * no part boundaries of its own: a part ends when something of another kind arrives, and a
 * tool call ends when a new tool index or a new call id shows up. A call to a custom tool
 * (`type: "custom"`, its free text streamed in `custom.input` pieces) becomes canonical
 * arguments {"input": text} (see custom-tools.ts).
 */

const text = z.string().nullish().catch(undefined);
const fnSchema = z.object({ name: text, arguments: text });

const chunkSchema = z.object({
  id: text,
  model: text,
  created: z.number().nullish().catch(undefined),
  choices: z
    .array(
      z.object({
        index: z.number().nullish().catch(undefined),
        finish_reason: text,
        delta: z
          .object({
            content: text,
            reasoning_content: text,
            reasoning: text,
            refusal: text,
            tool_calls: z
              .array(
                z.object({
                  index: z.number().int().nullish(),
                  id: text,
                  type: text,
                  function: fnSchema.nullish(),
                  custom: z.object({ name: text, input: text }).nullish(),
                }),
              )
              .nullish(),
            function_call: fnSchema.nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
});

type Delta = NonNullable<NonNullable<NonNullable<z.infer<typeof chunkSchema>['choices']>[number]['delta']>>;
type ToolDelta = NonNullable<Delta['tool_calls']>[number];

/** `custom`: the call is to a custom tool, so its arguments JSON is closed when the part ends. */
type OpenPart = { index: number } & ({ kind: 'text' | 'thinking' } | { kind: 'tool'; toolIndex: number; id: string; custom: boolean });

const EARLY_END: CanonicalError = { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ChatStreamDecoder implements StreamDecoder {
  private phase: 'streaming' | 'finished' | 'closed' = 'streaming';
  private started = false;
  private open: OpenPart | undefined;
  private nextPart = 0;
  private toolCount = 0;
  private readonly closedTools = new Set<number>();
  private readonly skippedTools = new Set<number>();
  /** Tool indexes whose call is to a custom tool (only the first chunk names the type). */
  private readonly customTools = new Set<number>();
  private refusal = false;
  /** Usage seen before the finish chunk, emitted right after it (no usage inside a part). */
  private heldUsage: Partial<Usage> | undefined;
  private readonly splitter = new ThinkTagSplitter();

  constructor(private readonly ctx: CodecContext) {}

  push(message: SseMessage): StreamEvent[] {
    if (this.phase === 'closed') return [];
    const data = message.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') return this.done();
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.fail({ status: 502, kind: 'api_error', message: 'upstream sent a stream chunk that is not JSON' });
    }
    if (message.event === 'error' || (isRecord(json) && json.error)) {
      return this.fail(decodeInlineError(isRecord(json) ? (json.error ?? json) : json));
    }
    const parsed = chunkSchema.safeParse(json);
    if (!parsed.success) {
      return this.fail({ status: 502, kind: 'api_error', message: 'upstream sent a malformed chat.completion.chunk' });
    }
    const chunk = parsed.data;
    const out: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({
        type: 'start',
        id: chunk.id || `chatcmpl-${this.ctx.requestId}`,
        model: chunk.model ?? '',
        created: chunk.created ?? Math.floor(this.ctx.now / 1000),
      });
    }
    let usage = decodeUsage(chunk.usage);
    if (usage && this.phase === 'streaming') {
      this.heldUsage = { ...this.heldUsage, ...usage };
      usage = undefined;
    }
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (choice && this.phase === 'streaming') {
      if (choice.delta) this.delta(choice.delta, out);
      if (choice.finish_reason) this.finish(choice.finish_reason, out);
    }
    if (usage) out.push({ type: 'usage', usage });
    return out;
  }

  end(): StreamEvent[] {
    if (this.phase === 'closed') return [];
    // Several OpenAI-compatible servers close the stream after the finish chunk without [DONE].
    if (this.phase === 'finished') {
      this.phase = 'closed';
      return [{ type: 'end' }];
    }
    return this.fail(EARLY_END);
  }

  private done(): StreamEvent[] {
    if (!this.started) return this.fail(EARLY_END);
    const out: StreamEvent[] = [];
    if (this.phase === 'streaming') this.finish(undefined, out);
    out.push({ type: 'end' });
    this.phase = 'closed';
    return out;
  }

  private fail(error: CanonicalError): StreamEvent[] {
    this.phase = 'closed';
    return [{ type: 'error', error }];
  }

  private delta(delta: Delta, out: StreamEvent[]): void {
    const reasoning = delta.reasoning_content || delta.reasoning;
    if (reasoning) {
      this.pieces(this.splitter.flush(), out);
      this.append('thinking', reasoning, out);
    }
    if (delta.content) this.pieces(this.splitter.push(delta.content), out);
    if (delta.refusal) {
      this.pieces(this.splitter.flush(), out);
      this.refusal = true;
      this.append('text', delta.refusal, out);
    }
    const calls: ToolDelta[] = (delta.tool_calls ?? []).filter((c) => this.isFunctionCall(c));
    if (delta.function_call) calls.push({ index: 0, function: delta.function_call });
    if (calls.length > 0) this.pieces(this.splitter.flush(), out);
    for (const call of calls) this.toolDelta(call, out);
  }

  /**
   * Calls of kinds the gateway does not know are skipped, not fatal; only their first chunk
   * names the type, so later chunks at the same index go too.
   */
  private isFunctionCall(call: ToolDelta): boolean {
    if (call.type === 'custom' && call.index != null) this.customTools.add(call.index);
    if (call.type && call.type !== 'function' && call.type !== 'custom') {
      if (call.index != null) this.skippedTools.add(call.index);
      return false;
    }
    return !(call.index != null && this.skippedTools.has(call.index) && !call.id);
  }

  private pieces(pieces: ContentPiece[], out: StreamEvent[]): void {
    for (const piece of pieces) this.append(piece.kind, piece.text, out);
  }

  private append(kind: 'text' | 'thinking', text: string, out: StreamEvent[]): void {
    if (this.open?.kind !== kind) {
      this.close(out);
      this.open = { kind, index: this.nextPart++ };
      out.push({ type: 'part_start', index: this.open.index, part: { type: kind } });
    }
    out.push({ type: 'delta', index: this.open.index, delta: kind === 'text' ? { type: 'text', text } : { type: 'thinking', text } });
  }

  private toolDelta(call: ToolDelta, out: StreamEvent[]): void {
    const open = this.open?.kind === 'tool' ? this.open : undefined;
    const toolIndex = call.index ?? open?.toolIndex ?? this.toolCount;
    let part = open && open.toolIndex === toolIndex && (!call.id || call.id === open.id) ? open : undefined;
    if (!part) {
      // At most one part is open, so pieces of a call that was already closed cannot be placed.
      if (this.closedTools.has(toolIndex) && !call.id) return;
      this.close(out);
      const id = call.id || `call_${this.ctx.requestId}_${this.toolCount}`;
      const custom = call.type === 'custom' || (call.type == null && this.customTools.has(toolIndex));
      part = { kind: 'tool', toolIndex, id, index: this.nextPart++, custom };
      this.open = part;
      this.toolCount++;
      const name = (custom ? call.custom?.name : call.function?.name) ?? '';
      out.push({ type: 'part_start', index: part.index, part: { type: 'tool_call', id, name } });
      if (custom) out.push({ type: 'delta', index: part.index, delta: { type: 'arguments', json: CUSTOM_ARGUMENTS_OPEN } });
    }
    const args = part.custom ? call.custom?.input && customArgumentsPiece(call.custom.input) : call.function?.arguments;
    if (args) out.push({ type: 'delta', index: part.index, delta: { type: 'arguments', json: args } });
  }

  private close(out: StreamEvent[]): void {
    if (!this.open) return;
    if (this.open.kind === 'tool') {
      this.closedTools.add(this.open.toolIndex);
      if (this.open.custom) out.push({ type: 'delta', index: this.open.index, delta: { type: 'arguments', json: CUSTOM_ARGUMENTS_CLOSE } });
    }
    out.push({ type: 'part_end', index: this.open.index });
    this.open = undefined;
  }

  private finish(reason: string | undefined, out: StreamEvent[]): void {
    this.pieces(this.splitter.flush(), out);
    this.close(out);
    out.push({
      type: 'finish',
      stopReason: decodeFinishReason(reason, { toolCalls: this.toolCount > 0, refusal: this.refusal }),
    });
    this.phase = 'finished';
    if (this.heldUsage) out.push({ type: 'usage', usage: this.heldUsage });
    this.heldUsage = undefined;
  }
}
