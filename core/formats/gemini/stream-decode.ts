import { emptyUsage, mergeUsage, type StreamEvent, type Usage, type WireFormat } from '../canonical.js';
import type { CodecContext, StreamDecoder } from '../codec.js';
import type { SseMessage } from '../../sse/parser.js';
import { decodeError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { isJsonObject } from './json-object.js';
import { decodeFunctionCall } from './model-parts-decode.js';
import { decodeUsage } from './usage.js';
import { generateContentResponseSchema, modelParts, type WirePart } from './wire-schema.js';

const ORIGIN: WireFormat = 'gemini';

/**
 * streamGenerateContent?alt=sse: every `data:` is a whole GenerateContentResponse holding
 * only the new parts. Text and thought parts are deltas of one running part each; a
 * functionCall arrives whole. There is no terminal event: the chunk with finishReason is
 * the last candidate chunk (usage may follow), then the connection closes.
 */
class GeminiStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private finished = false;
  private nextIndex = 0;
  private open: { index: number; kind: 'text' | 'thinking' } | undefined;
  /** Signatures that came on text parts, emitted when that text part closes. */
  private pendingSignatures: string[] = [];
  private sawCall = false;
  private minted = 0;
  private usage: Usage | undefined;

  constructor(private readonly ctx: CodecContext) {}

  push(message: SseMessage): StreamEvent[] {
    if (this.done) return [];
    const data = message.data.trim();
    if (data === '' || data === '[DONE]') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.fail({ status: 502, kind: 'api_error', message: 'upstream stream sent a chunk that is not JSON' });
    }
    const out: StreamEvent[] = [];
    for (const chunk of Array.isArray(json) ? json : [json]) {
      this.chunk(chunk, out);
      if (this.done) break;
    }
    return out;
  }

  end(): StreamEvent[] {
    if (this.done) return [];
    if (!this.finished) return this.fail({ status: 502, kind: 'api_error', message: 'upstream stream ended before completion' });
    this.done = true;
    return [{ type: 'end' }];
  }

  private fail(error: Extract<StreamEvent, { type: 'error' }>['error']): StreamEvent[] {
    this.done = true;
    return [{ type: 'error', error }];
  }

  private chunk(raw: unknown, out: StreamEvent[]): void {
    if (isJsonObject(raw) && isJsonObject(raw.error)) {
      out.push(...this.fail(decodeError(0, raw)));
      return;
    }
    const parsed = generateContentResponseSchema.safeParse(raw);
    if (!parsed.success) {
      out.push(...this.fail({ status: 502, kind: 'api_error', message: 'upstream stream sent a chunk that is not a GenerateContentResponse' }));
      return;
    }
    const wire = parsed.data;
    if (!this.started) {
      this.started = true;
      out.push({
        type: 'start',
        id: wire.responseId ?? `resp_${this.ctx.requestId}`,
        model: wire.modelVersion ?? '',
        created: Math.floor(this.ctx.now / 1000),
      });
    }
    if (wire.usageMetadata != null) {
      this.usage = mergeUsage(this.usage ?? emptyUsage(), decodeUsage(wire.usageMetadata));
      if (this.finished) out.push({ type: 'usage', usage: { ...this.usage } });
    }
    if (this.finished) return;
    const candidate = wire.candidates?.[0];
    for (const part of modelParts(candidate?.content)) this.part(part, out);
    if (candidate?.finishReason != null) this.finish(decodeFinishReason(candidate.finishReason, this.sawCall), out);
    else if (candidate === undefined && wire.promptFeedback?.blockReason != null) this.finish('content_filter', out);
  }

  private finish(stopReason: Extract<StreamEvent, { type: 'finish' }>['stopReason'], out: StreamEvent[]): void {
    this.close(out);
    if (this.usage !== undefined) out.push({ type: 'usage', usage: { ...this.usage } });
    out.push({ type: 'finish', stopReason });
    this.finished = true;
  }

  private part(part: WirePart, out: StreamEvent[]): void {
    const signature = part.thoughtSignature ?? undefined;
    if (part.functionCall != null) {
      this.close(out);
      const call = decodeFunctionCall(part.functionCall, {}, () => `call_${this.ctx.requestId}_${this.minted++}`);
      const index = this.nextIndex++;
      // The call arrives whole, so its signature rides on part_start (see canonical.ts).
      out.push({
        type: 'part_start',
        index,
        part: signature !== undefined ? { type: 'tool_call', id: call.id, name: call.name, signature, origin: ORIGIN } : { type: 'tool_call', id: call.id, name: call.name },
      });
      out.push({ type: 'delta', index, delta: { type: 'arguments', json: call.arguments } });
      out.push({ type: 'part_end', index });
      this.sawCall = true;
      return;
    }
    const text = part.text ?? '';
    if (part.thought === true) {
      if (text === '' && signature === undefined) return;
      const index = this.ensureOpen('thinking', out);
      if (text !== '') out.push({ type: 'delta', index, delta: { type: 'thinking', text } });
      if (signature !== undefined) {
        out.push({ type: 'delta', index, delta: { type: 'signature', signature, origin: ORIGIN } });
        this.close(out);
      }
      return;
    }
    if (part.text == null && signature === undefined) return;
    if (text !== '') {
      const index = this.ensureOpen('text', out);
      out.push({ type: 'delta', index, delta: { type: 'text', text } });
    }
    if (signature !== undefined) {
      if (this.open?.kind === 'text') this.pendingSignatures.push(signature);
      else {
        this.close(out);
        this.holder(signature, out);
      }
    }
  }

  private ensureOpen(kind: 'text' | 'thinking', out: StreamEvent[]): number {
    if (this.open?.kind === kind) return this.open.index;
    this.close(out);
    const index = this.nextIndex++;
    out.push({ type: 'part_start', index, part: kind === 'text' ? { type: 'text' } : { type: 'thinking', origin: ORIGIN } });
    this.open = { index, kind };
    return index;
  }

  private close(out: StreamEvent[]): void {
    if (this.open === undefined) return;
    out.push({ type: 'part_end', index: this.open.index });
    this.open = undefined;
    const pending = this.pendingSignatures;
    this.pendingSignatures = [];
    for (const signature of pending) this.holder(signature, out);
  }

  /** A text part's signature travels as an empty thinking part (see signatureHolder). */
  private holder(signature: string, out: StreamEvent[]): void {
    const index = this.nextIndex++;
    out.push({ type: 'part_start', index, part: { type: 'thinking', origin: ORIGIN } });
    out.push({ type: 'delta', index, delta: { type: 'signature', signature, origin: ORIGIN } });
    out.push({ type: 'part_end', index });
  }
}

export function createStreamDecoder(ctx: CodecContext): StreamDecoder {
  return new GeminiStreamDecoder(ctx);
}

