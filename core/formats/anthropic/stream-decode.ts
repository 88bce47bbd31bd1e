import type { z } from 'zod';
import type { StreamEvent } from '../canonical.js';
import type { CodecContext, StreamDecoder } from '../codec.js';
import type { SseMessage } from '../../sse/parser.js';
import { errorFromWireType } from './errors.js';
import { rawUsageFromWire } from './response-decode.js';
import {
  blockDeltaSchema,
  blockStartSchema,
  blockStopSchema,
  errorEventSchema,
  messageDeltaSchema,
  messageStartSchema,
  type WireContentBlock,
} from './response-schema.js';
import { stopReasonFromWire } from './stop-reason.js';
import { usageFromRaw, type RawUsage } from './usage.js';

/**
 * Anthropic's stream grammar: message_start, then per block content_block_start,
 * content_block_delta*, content_block_stop, then message_delta (stop reason, usage),
 * message_stop; `ping` anywhere and `error` in place of the rest.
 */
export function createStreamDecoder(ctx: CodecContext): StreamDecoder {
  return new AnthropicStreamDecoder(ctx);
}

class AnthropicStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private finished = false;
  /** The open canonical part and the Anthropic block index it came from. */
  private open: { wire: number; index: number } | undefined;
  private nextIndex = 0;
  private minted = 0;
  private raw: RawUsage = {};

  constructor(private readonly ctx: CodecContext) {}

  push(message: SseMessage): StreamEvent[] {
    if (this.done) return [];
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return this.fail('upstream sent a stream event that is not JSON');
    }
    const dataType = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
    const type = typeof dataType === 'string' ? dataType : message.event;
    switch (type) {
      case 'message_start':
        return this.parsed(messageStartSchema, data, type, (event) => {
          const out: StreamEvent[] = [];
          if (!this.started) {
            this.started = true;
            const { id, model } = event.message;
            out.push({ type: 'start', id, model: model ?? '', created: Math.floor(this.ctx.now / 1000) });
          }
          this.raw = { ...this.raw, ...rawUsageFromWire(event.message.usage) };
          const usage = usageFromRaw(this.raw);
          if (Object.keys(usage).length > 0) out.push({ type: 'usage', usage });
          return out;
        });
      case 'content_block_start':
        return this.parsed(blockStartSchema, data, type, (event) => this.blockStart(event.index, event.content_block));
      case 'content_block_delta':
        return this.parsed(blockDeltaSchema, data, type, (event) => this.blockDelta(event));
      case 'content_block_stop':
        return this.parsed(blockStopSchema, data, type, (event) => (this.open?.wire === event.index ? this.closeOpen() : []));
      case 'message_delta':
        return this.parsed(messageDeltaSchema, data, type, (event) => {
          const out = [...this.ensureStarted(), ...this.closeOpen()];
          if (event.usage != null) {
            this.raw = { ...this.raw, ...rawUsageFromWire(event.usage) };
            out.push({ type: 'usage', usage: usageFromRaw(this.raw) });
          }
          const reason = event.delta?.stop_reason;
          if (reason != null && !this.finished) {
            this.finished = true;
            const stopSequence = reason === 'stop_sequence' ? event.delta?.stop_sequence : undefined;
            out.push({ type: 'finish', stopReason: stopReasonFromWire(reason), ...(stopSequence != null ? { stopSequence } : {}) });
          }
          return out;
        });
      case 'message_stop': {
        const out = [...this.ensureStarted(), ...this.closeOpen()];
        if (!this.finished) out.push({ type: 'finish', stopReason: 'end_turn' });
        this.finished = true;
        this.done = true;
        out.push({ type: 'end' });
        return out;
      }
      case 'error': {
        const parsed = errorEventSchema.safeParse(data);
        const error = parsed.success ? parsed.data.error : undefined;
        this.done = true;
        return [{ type: 'error', error: errorFromWireType(error?.type, error?.message) }];
      }
      default:
        // ping, and event types newer than this decoder.
        return [];
    }
  }

  end(): StreamEvent[] {
    if (this.done) return [];
    this.done = true;
    return [{ type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' } }];
  }

  private parsed<T>(schema: z.ZodType<T>, data: unknown, type: string, handle: (event: T) => StreamEvent[]): StreamEvent[] {
    const result = schema.safeParse(data);
    return result.success ? handle(result.data) : this.fail(`upstream sent a malformed ${type} event`);
  }

  private fail(message: string): StreamEvent[] {
    this.done = true;
    return [{ type: 'error', error: { status: 502, kind: 'api_error', message } }];
  }

  /** Providers that skip message_start still get a well-formed canonical stream. */
  private ensureStarted(): StreamEvent[] {
    if (this.started) return [];
    this.started = true;
    return [{ type: 'start', id: `msg_${this.ctx.requestId}`, model: '', created: Math.floor(this.ctx.now / 1000) }];
  }

  private closeOpen(): StreamEvent[] {
    if (this.open === undefined) return [];
    const index = this.open.index;
    this.open = undefined;
    return [{ type: 'part_end', index }];
  }

  private blockStart(wire: number, block: WireContentBlock): StreamEvent[] {
    const out = [...this.ensureStarted(), ...this.closeOpen()];
    const begin = (part: Extract<StreamEvent, { type: 'part_start' }>['part']): number => {
      const index = this.nextIndex++;
      this.open = { wire, index };
      out.push({ type: 'part_start', index, part });
      return index;
    };
    switch (block.type) {
      case 'text': {
        const index = begin({ type: 'text' });
        if (block.text) out.push({ type: 'delta', index, delta: { type: 'text', text: block.text } });
        break;
      }
      case 'thinking': {
        const index = begin({ type: 'thinking', origin: 'anthropic' });
        if (block.thinking) out.push({ type: 'delta', index, delta: { type: 'thinking', text: block.thinking } });
        if (block.signature) out.push({ type: 'delta', index, delta: { type: 'signature', signature: block.signature, origin: 'anthropic' } });
        break;
      }
      case 'redacted_thinking':
        begin({ type: 'redacted_thinking', data: block.data ?? '' });
        break;
      case 'tool_use': {
        const index = begin({ type: 'tool_call', id: block.id || `call_${this.ctx.requestId}_${this.minted++}`, name: block.name ?? '' });
        // Anthropic starts with `input: {}` and streams the JSON; some compatible servers
        // send the whole input here instead.
        const input = block.input;
        if (typeof input === 'object' && input !== null && Object.keys(input).length > 0) {
          out.push({ type: 'delta', index, delta: { type: 'arguments', json: JSON.stringify(input) } });
        }
        break;
      }
      default:
        // Server tool blocks (server_tool_use, web_search_tool_result, ...) have no canonical part.
        break;
    }
    return out;
  }

  private blockDelta(event: z.infer<typeof blockDeltaSchema>): StreamEvent[] {
    if (this.open?.wire !== event.index) return [];
    const index = this.open.index;
    const d = event.delta;
    switch (d.type) {
      case 'text_delta':
        return d.text ? [{ type: 'delta', index, delta: { type: 'text', text: d.text } }] : [];
      case 'input_json_delta':
        return d.partial_json ? [{ type: 'delta', index, delta: { type: 'arguments', json: d.partial_json } }] : [];
      case 'thinking_delta':
        return d.thinking ? [{ type: 'delta', index, delta: { type: 'thinking', text: d.thinking } }] : [];
      case 'signature_delta':
        return d.signature ? [{ type: 'delta', index, delta: { type: 'signature', signature: d.signature, origin: 'anthropic' } }] : [];
      default:
        // citations_delta and newer delta types carry nothing canonical.
        return [];
    }
  }
}
