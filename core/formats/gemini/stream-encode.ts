import { emptyUsage, mergeUsage, type StopReason, type StreamEvent, type ThinkingPart, type Usage, type WireFormat } from '../canonical.js';
import type { EncodeResponseContext, StreamEncoder } from '../codec.js';
import { formatSse } from '../../sse/parser.js';
import { errorObject } from './errors.js';
import { encodeFinishReason } from './finish-reason.js';
import type { JsonObject } from './json-object.js';
import { isForeignSignature } from '../signature-wrap.js';
import { clientCallSignature, functionCallPart } from './model-parts-encode.js';
import { wrapThoughtSignature } from './thought-signature.js';
import { encodeUsage } from './usage.js';

type OpenPart =
  | { kind: 'text' }
  /** Text and a foreign signature are kept: a call that follows may carry them (see clientCallSignature). */
  | { kind: 'thinking'; origin: WireFormat | undefined; text: string; foreign?: { signature: string; origin: WireFormat | undefined } }
  | { kind: 'tool_call'; id: string; name: string; args: string; signature: string | undefined; origin: WireFormat | undefined }
  | { kind: 'other' };

/**
 * Canonical events -> streamGenerateContent?alt=sse chunks. Text and thoughts go out as
 * they arrive; Gemini has no argument deltas, so a tool call goes out whole when its part
 * ends. The last chunk carries finishReason and usageMetadata; there is no terminator.
 * Signatures follow encodeModelParts' client rules: another provider's signature on a
 * shown thought run goes out wrapped in an empty thought part that ends the run.
 */
class GeminiStreamEncoder implements StreamEncoder {
  private readonly parts = new Map<number, OpenPart>();
  private readonly showThoughts: boolean;
  private usage: Usage = emptyUsage();
  private stopReason: StopReason | undefined;
  private done = false;
  /** The last signed thinking from another provider since the previous call. */
  private carried: ThinkingPart | undefined;
  private calls = 0;

  constructor(private readonly ctx: EncodeResponseContext) {
    // Gemini streams thought text only to a request that set includeThoughts.
    this.showThoughts = ctx.request.reasoning?.includeThoughts === true;
  }

  push(event: StreamEvent): string {
    if (this.done) return '';
    switch (event.type) {
      case 'start':
        return '';
      case 'part_start':
        this.parts.set(event.index, this.opened(event.part));
        return '';
      case 'delta':
        return this.delta(event.index, event.delta);
      case 'part_end':
        return this.partEnd(event.index);
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return '';
      case 'finish':
        this.stopReason = event.stopReason;
        return '';
      case 'end':
        this.done = true;
        return this.chunk([{ text: '' }], {
          finishReason: encodeFinishReason(this.stopReason ?? 'end_turn'),
          usageMetadata: encodeUsage(this.usage),
        });
      case 'error':
        this.done = true;
        return formatSse(JSON.stringify({ error: errorObject(event.error) }));
    }
  }

  private opened(part: Extract<StreamEvent, { type: 'part_start' }>['part']): OpenPart {
    switch (part.type) {
      case 'text':
        return { kind: 'text' };
      case 'thinking':
        return { kind: 'thinking', origin: part.origin, text: '' };
      case 'tool_call':
        return { kind: 'tool_call', id: part.id, name: part.name, args: '', signature: part.signature, origin: part.origin };
      case 'redacted_thinking':
        return { kind: 'other' };
    }
  }

  private delta(index: number, delta: Extract<StreamEvent, { type: 'delta' }>['delta']): string {
    const part = this.parts.get(index);
    if (part === undefined) return '';
    switch (delta.type) {
      case 'text':
        return part.kind === 'text' && delta.text !== '' ? this.chunk([{ text: delta.text }]) : '';
      case 'thinking':
        if (part.kind !== 'thinking') return '';
        part.text += delta.text;
        return this.showThoughts && delta.text !== '' ? this.chunk([{ text: delta.text, thought: true }]) : '';
      case 'arguments':
        if (part.kind === 'tool_call') part.args += delta.json;
        return '';
      case 'signature': {
        // Only thinking parts take a signature delta; a tool call's came on its part_start.
        if (part.kind !== 'thinking') return '';
        const origin = delta.origin ?? part.origin;
        if (origin !== 'gemini') {
          part.foreign = { signature: delta.signature, origin };
          return '';
        }
        return this.chunk([this.showThoughts ? { text: '', thought: true, thoughtSignature: delta.signature } : { text: '', thoughtSignature: delta.signature }]);
      }
    }
  }

  private partEnd(index: number): string {
    const part = this.parts.get(index);
    this.parts.delete(index);
    if (part?.kind === 'thinking') return this.thinkingEnd(part);
    if (part?.kind !== 'tool_call') return '';
    const signature = clientCallSignature(part, this.carried, this.calls === 0);
    this.carried = undefined;
    this.calls++;
    return this.chunk([functionCallPart(part.id, part.name, part.args, signature)]);
  }

  private thinkingEnd(part: Extract<OpenPart, { kind: 'thinking' }>): string {
    const foreign = part.foreign;
    if (foreign === undefined) return '';
    const thinking: ThinkingPart = { type: 'thinking', text: part.text, signature: foreign.signature };
    if (foreign.origin !== undefined) thinking.origin = foreign.origin;
    if (!isForeignSignature(thinking, 'gemini')) return '';
    this.carried = thinking;
    if (!this.showThoughts) return '';
    return this.chunk([{ text: '', thought: true, thoughtSignature: wrapThoughtSignature(thinking.origin, thinking.signature) }]);
  }

  private chunk(parts: JsonObject[], final?: { finishReason: string; usageMetadata: JsonObject }): string {
    const candidate: JsonObject = { content: { role: 'model', parts } };
    if (final !== undefined) candidate.finishReason = final.finishReason;
    candidate.index = 0;
    const body: JsonObject = { candidates: [candidate] };
    if (final !== undefined) body.usageMetadata = final.usageMetadata;
    body.modelVersion = this.ctx.model;
    body.responseId = this.ctx.requestId;
    return formatSse(JSON.stringify(body));
  }
}

export function createStreamEncoder(ctx: EncodeResponseContext): StreamEncoder {
  return new GeminiStreamEncoder(ctx);
}
