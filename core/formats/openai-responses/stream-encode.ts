import { emptyUsage, mergeUsage, type CanonicalError, type StopReason, type StreamEvent, type Usage, type WireFormat } from '../canonical.js';
import type { EncodeResponseContext, StreamEncoder } from '../codec.js';
import { formatSse } from '../../sse/parser.js';
import { CustomCallInput } from '../custom-input-stream.js';
import { customToolNames } from '../custom-tools.js';
import { namespacedNames, wireToolName, type WireToolName } from './namespace-tools.js';
import {
  customToolCallItem,
  errorEventFields,
  finishFromStopReason,
  functionCallItem,
  messageItem,
  reasoningItem,
  responseObject,
} from './response-object.js';

/**
 * Canonical stream events -> Responses SSE, in the grammar the OpenAI SDK's
 * ResponseStream accumulator replays: every event has `type` and a `sequence_number`
 * counting from 0, and the terminal event carries the whole Response (the SDK replaces
 * its snapshot with it), so finished output items are kept for that final object.
 */

interface OpenItem {
  kind: 'text' | 'thinking' | 'tool_call' | 'custom_call' | 'skip';
  index: number;
  outputIndex: number;
  itemId: string;
  /** The text or function-call arguments so far. */
  text: string;
  /** A custom call's input: its arguments so far and what of them has streamed. */
  input: CustomCallInput | undefined;
  callId: string;
  /** A call's tool name and namespace as the client declared them. */
  named: WireToolName;
  summaryOpen: boolean;
  origin: WireFormat | undefined;
  signature: string | undefined;
}

export class ResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private started = false;
  private closed = false;
  private nextOutput = 0;
  private readonly output: Array<Record<string, unknown>> = [];
  private open: OpenItem | undefined;
  private usage: Usage = emptyUsage();
  private stopReason: StopReason | undefined;
  private readonly customTools: ReadonlySet<string>;
  private readonly namespaced: ReadonlyMap<string, { namespace: string; name: string }>;

  constructor(private readonly ctx: EncodeResponseContext) {
    this.customTools = customToolNames(ctx.request.tools);
    this.namespaced = namespacedNames(ctx.request.tools);
  }

  push(event: StreamEvent): string {
    if (this.closed) return '';
    let out = event.type === 'start' || event.type === 'error' ? '' : this.ensureStarted();
    switch (event.type) {
      case 'start':
        return this.ensureStarted();
      case 'part_start':
        out += this.close();
        return out + this.partStart(event.index, event.part);
      case 'delta':
        return out + (this.open?.index === event.index ? this.delta(event.delta) : '');
      case 'part_end':
        return out + (this.open?.index === event.index ? this.close() : '');
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return out;
      case 'finish':
        this.stopReason = event.stopReason;
        return out;
      case 'end':
        return out + this.close() + this.finish();
      case 'error':
        return this.ensureStarted() + this.fail(event.error);
    }
  }

  private emit(type: string, body: Record<string, unknown>): string {
    return formatSse(JSON.stringify({ type, sequence_number: this.sequence++, ...body }), type);
  }

  private ensureStarted(): string {
    if (this.started) return '';
    this.started = true;
    const response = responseObject(this.ctx, { status: 'in_progress', output: [], usage: null });
    return this.emit('response.created', { response }) + this.emit('response.in_progress', { response });
  }

  private partStart(index: number, part: Extract<StreamEvent, { type: 'part_start' }>['part']): string {
    const base = {
      index,
      text: '',
      input: undefined,
      callId: '',
      named: { name: '' },
      summaryOpen: false,
      origin: undefined,
      signature: undefined,
    };
    if (part.type === 'redacted_thinking') {
      // Anthropic's encrypted reasoning has no Responses form.
      this.open = { ...base, kind: 'skip', outputIndex: -1, itemId: '' };
      return '';
    }
    const outputIndex = this.nextOutput++;
    const rid = this.ctx.requestId;
    if (part.type === 'text') {
      const itemId = `msg_${rid}_${outputIndex}`;
      this.open = { ...base, kind: 'text', outputIndex, itemId };
      return (
        this.emit('response.output_item.added', { output_index: outputIndex, item: messageItem(itemId, 'in_progress', []) }) +
        this.emit('response.content_part.added', {
          item_id: itemId,
          output_index: outputIndex,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [] },
        })
      );
    }
    if (part.type === 'thinking') {
      const itemId = `rs_${rid}_${outputIndex}`;
      this.open = { ...base, kind: 'thinking', outputIndex, itemId, origin: part.origin };
      return this.emit('response.output_item.added', { output_index: outputIndex, item: reasoningItem(itemId, undefined, undefined) });
    }
    const named = wireToolName(part.name, this.namespaced);
    if (this.customTools.has(part.name)) {
      const itemId = `ctc_${rid}_${outputIndex}`;
      const input = new CustomCallInput();
      this.open = { ...base, kind: 'custom_call', outputIndex, itemId, callId: part.id, named, input };
      return this.emit('response.output_item.added', {
        output_index: outputIndex,
        item: customToolCallItem(itemId, 'in_progress', { callId: part.id, ...named, input: '' }),
      });
    }
    const itemId = `fc_${rid}_${outputIndex}`;
    this.open = { ...base, kind: 'tool_call', outputIndex, itemId, callId: part.id, named };
    return this.emit('response.output_item.added', {
      output_index: outputIndex,
      item: functionCallItem(itemId, 'in_progress', { callId: part.id, ...named, arguments: '' }),
    });
  }

  private delta(delta: Extract<StreamEvent, { type: 'delta' }>['delta']): string {
    const open = this.open;
    if (!open) return '';
    const at = { item_id: open.itemId, output_index: open.outputIndex };
    if (delta.type === 'text' && open.kind === 'text' && delta.text !== '') {
      open.text += delta.text;
      return this.emit('response.output_text.delta', { ...at, content_index: 0, delta: delta.text, logprobs: [] });
    }
    if (delta.type === 'thinking' && open.kind === 'thinking' && delta.text !== '') {
      let out = '';
      if (!open.summaryOpen) {
        open.summaryOpen = true;
        out += this.emit('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } });
      }
      open.text += delta.text;
      return out + this.emit('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: delta.text });
    }
    if (delta.type === 'signature' && open.kind === 'thinking') {
      // encrypted_content can only be read back by OpenAI; see response-encode.ts.
      if ((delta.origin ?? open.origin) === 'openai-responses') open.signature = (open.signature ?? '') + delta.signature;
      return '';
    }
    if (delta.type === 'arguments' && open.kind === 'tool_call' && delta.json !== '') {
      open.text += delta.json;
      return this.emit('response.function_call_arguments.delta', { ...at, delta: delta.json });
    }
    if (delta.type === 'arguments' && open.kind === 'custom_call' && open.input) {
      const text = open.input.push(delta.json);
      if (text === '') return '';
      return this.emit('response.custom_tool_call_input.delta', { ...at, delta: text });
    }
    return '';
  }

  private close(): string {
    const open = this.open;
    if (!open) return '';
    this.open = undefined;
    const at = { item_id: open.itemId, output_index: open.outputIndex };
    let out = '';
    let item: Record<string, unknown>;
    switch (open.kind) {
      case 'skip':
        return '';
      case 'text':
        out += this.emit('response.output_text.done', { ...at, content_index: 0, text: open.text, logprobs: [] });
        out += this.emit('response.content_part.done', {
          ...at,
          content_index: 0,
          part: { type: 'output_text', text: open.text, annotations: [] },
        });
        item = messageItem(open.itemId, 'completed', [open.text]);
        break;
      case 'thinking':
        if (open.summaryOpen) {
          out += this.emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: open.text });
          out += this.emit('response.reasoning_summary_part.done', {
            ...at,
            summary_index: 0,
            part: { type: 'summary_text', text: open.text },
          });
        }
        item = reasoningItem(open.itemId, open.summaryOpen ? open.text : undefined, open.signature);
        break;
      case 'tool_call':
        out += this.emit('response.function_call_arguments.done', { ...at, name: open.named.name, arguments: open.text });
        item = functionCallItem(open.itemId, 'completed', { callId: open.callId, ...open.named, arguments: open.text });
        break;
      case 'custom_call': {
        const { input, rest } = open.input?.end() ?? { input: '', rest: '' };
        // When the arguments were not in the streamable shape, the input goes in one delta
        // so that the deltas still add up to it.
        if (rest !== '') out += this.emit('response.custom_tool_call_input.delta', { ...at, delta: rest });
        out += this.emit('response.custom_tool_call_input.done', { ...at, input });
        item = customToolCallItem(open.itemId, 'completed', { callId: open.callId, ...open.named, input });
        break;
      }
    }
    this.output.push(item);
    return out + this.emit('response.output_item.done', { output_index: open.outputIndex, item });
  }

  private finish(): string {
    this.closed = true;
    if (this.stopReason === 'error') {
      return this.failed({ status: 502, kind: 'api_error', message: 'the upstream model stopped with an error' });
    }
    const finish = finishFromStopReason(this.stopReason);
    const response = responseObject(this.ctx, {
      status: finish.status,
      output: this.output,
      usage: this.usage,
      incompleteDetails: finish.incompleteDetails,
    });
    return this.emit(finish.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  }

  /**
   * Two clients, two readers: the OpenAI SDKs throw on an `error` event (and ignore what
   * follows), Codex CLI ignores `error` and fails the turn on `response.failed`. Send both.
   */
  private fail(error: CanonicalError): string {
    this.closed = true;
    return this.emit('error', errorEventFields(error)) + this.failed(error);
  }

  private failed(error: CanonicalError): string {
    const response = responseObject(this.ctx, { status: 'failed', output: this.output, usage: this.usage, error });
    return this.emit('response.failed', { response });
  }
}

export function createStreamEncoder(ctx: EncodeResponseContext): StreamEncoder {
  return new ResponsesStreamEncoder(ctx);
}
