import type { PartStart, StreamEvent } from '../canonical.js';
import type { CodecContext, StreamDecoder } from '../codec.js';
import type { SseMessage } from '../../sse/parser.js';
import { CUSTOM_ARGUMENTS_CLOSE, CUSTOM_ARGUMENTS_OPEN, customArgumentsPiece } from '../custom-tools.js';
import { errorMessageOf, streamErrorFromCode } from './errors.js';
import { decodeUsage, ReasoningWire, stopReasonOf, thinkingText, UsageWire } from './response-decode.js';

/**
 * Upstream Responses SSE -> canonical stream events. Every Responses event carries its
 * name in `data.type` (the SSE `event:` line repeats it), output items arrive one after
 * another, and a message item's text starts at content_part.added or its first delta.
 */

type Json = Record<string, unknown>;

function rec(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function int(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

interface OpenPart {
  index: number;
  kind: PartStart['type'];
  key: string;
  /** Whether any content delta was emitted (done events fill in what deltas skipped). */
  emitted: boolean;
  /** Arguments text that closes the part (a custom call's input is wrapped in JSON). */
  suffix?: string;
}

export class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private minted = 0;
  private open: OpenPart | undefined;
  private readonly startedKeys = new Set<string>();
  private readonly seen = { toolCall: false, refusal: false };
  private out: StreamEvent[] = [];

  constructor(private readonly ctx: CodecContext) {}

  push(message: SseMessage): StreamEvent[] {
    if (this.finished) return [];
    let data: Json | undefined;
    try {
      data = rec(JSON.parse(message.data));
    } catch {
      return [];
    }
    if (!data) return [];
    this.out = [];
    this.handle(str(data.type) ?? message.event ?? '', data);
    return this.out;
  }

  end(): StreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [{ type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' } }];
  }

  private handle(type: string, data: Json): void {
    if (type === 'error') return this.fail(data);
    if (type === 'response.failed') return this.fail(rec(rec(data.response)?.error) ?? {});
    this.ensureStart(type === 'response.created' ? rec(data.response) : undefined);
    const oi = int(data.output_index);
    const ci = int(data.content_index);
    switch (type) {
      case 'response.output_item.added':
        return this.itemAdded(oi, rec(data.item) ?? {});
      case 'response.content_part.added': {
        const part = rec(data.part) ?? {};
        if (part.type === 'reasoning_text') return this.thinkingDelta(oi, '');
        if (part.type === 'refusal') this.seen.refusal = true;
        // Content types the canonical model has no part for are skipped.
        else if (part.type !== 'output_text') return;
        return this.textDelta(oi, ci, str(part.text) ?? str(part.refusal) ?? '');
      }
      case 'response.refusal.delta':
        this.seen.refusal = true;
        return this.textDelta(oi, ci, str(data.delta) ?? '');
      case 'response.output_text.delta':
        return this.textDelta(oi, ci, str(data.delta) ?? '');
      case 'response.output_text.done':
      case 'response.refusal.done':
        return this.fillIfEmpty(`t:${oi}:${ci}`, 'text', str(data.text) ?? str(data.refusal) ?? '');
      case 'response.content_part.done': {
        const part = rec(data.part) ?? {};
        if (part.type === 'reasoning_text') return;
        this.fillIfEmpty(`t:${oi}:${ci}`, 'text', str(part.text) ?? str(part.refusal) ?? '');
        if (this.open?.key === `t:${oi}:${ci}`) this.close();
        return;
      }
      case 'response.reasoning_summary_part.added':
        // Summary parts are separate paragraphs; keep them apart as the non-streaming decode does.
        if (int(data.summary_index) > 0 && this.open?.key === `r:${oi}` && this.open.emitted) this.thinkingDelta(oi, '\n\n');
        else this.thinkingDelta(oi, '');
        return;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.thinkingDelta(oi, str(data.delta) ?? '');
      case 'response.reasoning_summary_text.done':
        return this.fillIfEmpty(`r:${oi}`, 'thinking', str(data.text) ?? '');
      case 'response.function_call_arguments.delta':
        if (this.open?.key === `f:${oi}`) this.delta({ type: 'arguments', json: str(data.delta) ?? '' });
        return;
      case 'response.function_call_arguments.done':
        return this.fillIfEmpty(`f:${oi}`, 'arguments', str(data.arguments) ?? '');
      case 'response.custom_tool_call_input.delta':
        return this.customInput(oi, str(data.delta) ?? '', false);
      case 'response.custom_tool_call_input.done':
        return this.customInput(oi, str(data.input) ?? '', true);
      case 'response.output_item.done':
        return this.itemDone(oi, rec(data.item) ?? {});
      case 'response.completed':
      case 'response.incomplete':
        return this.complete(type, rec(data.response) ?? {});
      default:
        return;
    }
  }

  private ensureStart(response: Json | undefined): void {
    if (this.started) return;
    this.started = true;
    this.out.push({
      type: 'start',
      id: str(response?.id) ?? `resp_${this.ctx.requestId}`,
      model: str(response?.model) ?? '',
      created: typeof response?.created_at === 'number' ? response.created_at : Math.floor(this.ctx.now / 1000),
    });
  }

  private close(): void {
    if (!this.open) return;
    if (this.open.suffix !== undefined) this.out.push({ type: 'delta', index: this.open.index, delta: { type: 'arguments', json: this.open.suffix } });
    this.out.push({ type: 'part_end', index: this.open.index });
    this.open = undefined;
  }

  private begin(key: string, part: PartStart): void {
    this.close();
    const index = this.nextIndex++;
    this.startedKeys.add(key);
    this.out.push({ type: 'part_start', index, part });
    this.open = { index, kind: part.type, key, emitted: false };
  }

  private delta(delta: Extract<StreamEvent, { type: 'delta' }>['delta']): void {
    if (!this.open) return;
    this.out.push({ type: 'delta', index: this.open.index, delta });
    if (delta.type !== 'signature') this.open.emitted = true;
  }

  private functionCallStart(oi: number, item: Json): void {
    this.seen.toolCall = true;
    const id = str(item.call_id) || `call_${this.ctx.requestId}_${this.minted++}`;
    this.begin(`f:${oi}`, { type: 'tool_call', id, name: str(item.name) ?? '' });
    const args = str(item.arguments) ?? '';
    if (args !== '') this.delta({ type: 'arguments', json: args });
  }

  /**
   * A custom tool call's free text becomes canonical arguments {"input": text} (see
   * custom-tools.ts), streamed as the JSON-escaped pieces between an opening and a closing delta.
   */
  private customCallStart(oi: number, item: Json): void {
    this.seen.toolCall = true;
    const id = str(item.call_id) || `call_${this.ctx.requestId}_${this.minted++}`;
    this.begin(`c:${oi}`, { type: 'tool_call', id, name: str(item.name) ?? '' });
    this.delta({ type: 'arguments', json: CUSTOM_ARGUMENTS_OPEN });
    if (this.open) {
      this.open.emitted = false;
      this.open.suffix = CUSTOM_ARGUMENTS_CLOSE;
    }
    this.customInput(oi, str(item.input) ?? '', false);
  }

  /** `whole`: the text is the full input from a `.done` event, used only if no delta brought any. */
  private customInput(oi: number, text: string, whole: boolean): void {
    if (text === '' || this.open?.key !== `c:${oi}` || (whole && this.open.emitted)) return;
    this.delta({ type: 'arguments', json: customArgumentsPiece(text) });
  }

  private itemAdded(oi: number, item: Json): void {
    if (item.type === 'function_call') return this.functionCallStart(oi, item);
    if (item.type === 'custom_tool_call') return this.customCallStart(oi, item);
    if (item.type === 'reasoning') return this.begin(`r:${oi}`, { type: 'thinking', origin: 'openai-responses' });
    this.close();
  }

  private textDelta(oi: number, ci: number, text: string): void {
    const key = `t:${oi}:${ci}`;
    if (this.open?.key !== key) {
      if (this.startedKeys.has(key)) return;
      this.begin(key, { type: 'text' });
    }
    if (text !== '') this.delta({ type: 'text', text });
  }

  private thinkingDelta(oi: number, text: string): void {
    const key = `r:${oi}`;
    if (this.open?.key !== key) {
      if (this.startedKeys.has(key)) return;
      this.begin(key, { type: 'thinking', origin: 'openai-responses' });
    }
    if (text !== '') this.delta({ type: 'thinking', text });
  }

  /** A `.done` event carries the whole content; use it when no delta brought any. */
  private fillIfEmpty(key: string, kind: 'text' | 'thinking' | 'arguments', full: string): void {
    if (full === '') return;
    if (this.open?.key !== key) {
      if (this.startedKeys.has(key) || kind === 'arguments') return;
      this.begin(key, kind === 'text' ? { type: 'text' } : { type: 'thinking', origin: 'openai-responses' });
    }
    if (this.open?.emitted) return;
    if (kind === 'text') this.delta({ type: 'text', text: full });
    else if (kind === 'thinking') this.delta({ type: 'thinking', text: full });
    else this.delta({ type: 'arguments', json: full });
  }

  private itemDone(oi: number, item: Json): void {
    if (item.type === 'reasoning') {
      const parsed = ReasoningWire.safeParse(item);
      const text = parsed.success ? thinkingText(parsed.data) : '';
      const signature = parsed.success ? (parsed.data.encrypted_content ?? undefined) : undefined;
      if (this.open?.key !== `r:${oi}` && !this.startedKeys.has(`r:${oi}`) && (text !== '' || signature !== undefined)) {
        this.begin(`r:${oi}`, { type: 'thinking', origin: 'openai-responses' });
      }
      if (this.open?.key === `r:${oi}`) {
        if (!this.open.emitted && text !== '') this.delta({ type: 'thinking', text });
        if (signature !== undefined) this.delta({ type: 'signature', signature, origin: 'openai-responses' });
        this.close();
      }
      return;
    }
    if (item.type === 'function_call') {
      if (this.open?.key !== `f:${oi}` && !this.startedKeys.has(`f:${oi}`)) this.functionCallStart(oi, item);
      else this.fillIfEmpty(`f:${oi}`, 'arguments', str(item.arguments) ?? '');
      if (this.open?.key === `f:${oi}`) this.close();
      return;
    }
    if (item.type === 'custom_tool_call') {
      if (this.open?.key !== `c:${oi}` && !this.startedKeys.has(`c:${oi}`)) this.customCallStart(oi, item);
      else this.customInput(oi, str(item.input) ?? '', true);
      if (this.open?.key === `c:${oi}`) this.close();
      return;
    }
    if (item.type === 'message' && Array.isArray(item.content)) {
      item.content.forEach((raw, ci) => {
        const part = rec(raw) ?? {};
        if (part.type === 'refusal') this.seen.refusal = true;
        this.fillIfEmpty(`t:${oi}:${ci}`, 'text', str(part.text) ?? str(part.refusal) ?? '');
      });
    }
    if (this.open?.key.startsWith(`t:${oi}:`)) this.close();
  }

  private complete(type: string, response: Json): void {
    this.close();
    const usage = UsageWire.safeParse(response.usage);
    if (usage.success) {
      const decoded = decodeUsage(usage.data);
      if (Object.keys(decoded).length > 0) this.out.push({ type: 'usage', usage: decoded });
    }
    const status = str(response.status) ?? (type === 'response.incomplete' ? 'incomplete' : 'completed');
    const reason = str(rec(response.incomplete_details)?.reason);
    this.out.push({ type: 'finish', stopReason: stopReasonOf(status, reason, this.seen) });
    this.out.push({ type: 'end' });
    this.finished = true;
  }

  /** `error` events come flat ({code, message}) as documented or nested ({error: {...}}) as sent live. */
  private fail(data: Json): void {
    const nested = rec(data.error);
    const source = nested ?? data;
    const code = str(source.code) ?? str(source.type);
    const message = str(source.message) ?? errorMessageOf(data) ?? 'upstream stream failed';
    this.out.push({ type: 'error', error: streamErrorFromCode(code === 'error' ? undefined : code, message) });
    this.finished = true;
  }
}

export function createStreamDecoder(ctx: CodecContext): StreamDecoder {
  return new ResponsesStreamDecoder(ctx);
}
