import { emptyUsage, mergeUsage, type OllamaEndpoint, type StopReason, type StreamEvent, type Usage } from '../canonical.js';
import type { EncodeResponseContext, StreamEncoder } from '../codec.js';
import { formatNdjson } from '../../sse/ndjson.js';
import { encodeDoneReason } from './done-reason.js';
import { answerObject, toolCallObject, type Delta } from './response-object.js';
import { encodeUsage } from './usage.js';

/**
 * Canonical stream events -> Ollama's NDJSON stream, one answer object per line as Ollama
 * writes them: `done: false` lines with a piece of content or thinking, a line per tool call
 * (Ollama sends a call whole, with its arguments as an object, so the arguments are held until
 * the call's part ends), and a last `done: true` line with done_reason and the token counts.
 * An error is the line `{"error": "..."}`, after which nothing follows (as Ollama does).
 */
export class OllamaStreamEncoder implements StreamEncoder {
  private closed = false;
  private toolIndex = 0;
  private call: { id: string; name: string; arguments: string } | undefined;
  private stopReason: StopReason = 'end_turn';
  private usage: Usage = emptyUsage();
  private readonly endpoint: OllamaEndpoint;

  constructor(private readonly ctx: EncodeResponseContext) {
    this.endpoint = ctx.request.ollamaEndpoint ?? 'chat';
  }

  push(event: StreamEvent): string {
    if (this.closed) return '';
    switch (event.type) {
      case 'start':
        return '';
      case 'part_start':
        this.call = event.part.type === 'tool_call' ? { id: event.part.id, name: event.part.name, arguments: '' } : undefined;
        return '';
      case 'delta': {
        const d = event.delta;
        if (d.type === 'text') return d.text === '' ? '' : this.line({ content: d.text });
        if (d.type === 'thinking') return d.text === '' ? '' : this.line({ content: '', thinking: d.text });
        if (d.type === 'arguments' && this.call) this.call.arguments += d.json;
        // Signatures have no place in Ollama's API.
        return '';
      }
      case 'part_end': {
        const call = this.call;
        this.call = undefined;
        return call ? this.line({ content: '', toolCalls: [toolCallObject(call, this.toolIndex++)] }) : '';
      }
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return '';
      case 'finish':
        this.stopReason = event.stopReason;
        return '';
      case 'end':
        this.closed = true;
        return formatNdjson(
          JSON.stringify({
            ...answerObject({ model: this.ctx.model, now: this.ctx.now, endpoint: this.endpoint, delta: { content: '' }, done: true }),
            done_reason: encodeDoneReason(this.stopReason),
            ...encodeUsage(this.usage),
          }),
        );
      case 'error':
        this.closed = true;
        return formatNdjson(JSON.stringify({ error: event.error.message }));
    }
  }

  private line(delta: Delta): string {
    return formatNdjson(JSON.stringify(answerObject({ model: this.ctx.model, now: this.ctx.now, endpoint: this.endpoint, delta, done: false })));
  }
}
