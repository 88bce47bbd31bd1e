import { emptyUsage, mergeUsage, type PartDelta, type PartStart, type StopReason, type StreamEvent, type Usage, type WireFormat } from '../canonical.js';
import type { EncodeResponseContext, StreamEncoder } from '../codec.js';
import { formatSse } from '../../sse/parser.js';
import { errorTypeForKind } from './errors.js';
import { toolUseId } from './message-encode.js';
import { carriedCallSignature, clientSignature, clientThinks, messageId } from './response-encode.js';
import { stopReasonToWire } from './stop-reason.js';
import { usageToWire } from './usage.js';

interface OpenBlock {
  /** The canonical part index, and the Anthropic content block index it became. */
  index: number;
  wire: number;
  kind: PartStart['type'];
  origin?: WireFormat;
  /** An Anthropic signature was already sent for this thinking block. */
  signed: boolean;
  /** The latest non-Anthropic signature seen, wrapped into the block's signature at its end. */
  foreign?: { signature: string; origin?: WireFormat };
}

/**
 * Canonical stream events as Anthropic's SSE grammar (message_start, content blocks,
 * message_delta, message_stop). message_start waits for the next event after `start`
 * in the same upstream batch (released by flush()) so it can carry the prompt usage when
 * the upstream reports it with its first event; the finish is held
 * until `end` because canonical usage may follow it and message_delta must carry the
 * final numbers (the SDK overwrites its usage from message_delta).
 *
 * A tool call's signature (on its part_start) goes out as an empty thinking block just
 * before the tool_use when the client asked for thinking, as in the non-streamed answer
 * (see carriedCallSignature).
 */
export function createStreamEncoder(ctx: EncodeResponseContext): StreamEncoder {
  return new AnthropicStreamEncoder(ctx);
}

class AnthropicStreamEncoder implements StreamEncoder {
  private startSeen = false;
  private startWritten = false;
  private done = false;
  private usage: Usage = emptyUsage();
  private finish: { stopReason: StopReason; stopSequence?: string } | undefined;
  private block: OpenBlock | undefined;
  private nextWire = 0;
  private readonly thinkingOn: boolean;

  constructor(private readonly ctx: EncodeResponseContext) {
    this.thinkingOn = clientThinks(ctx);
  }

  push(event: StreamEvent): string {
    if (this.done) return '';
    switch (event.type) {
      case 'start':
        this.startSeen = true;
        return '';
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return this.writeStart();
      case 'part_start': {
        const carried = event.part.type === 'tool_call' ? carriedCallSignature(event.part, this.thinkingOn) : undefined;
        return this.writeStart() + this.closeBlock() + (carried !== undefined ? this.signatureBlock(carried) : '') + this.openBlock(event.index, event.part);
      }
      case 'delta':
        return this.block?.index === event.index ? this.writeStart() + this.delta(this.block, event.delta) : '';
      case 'part_end':
        return this.block?.index === event.index ? this.closeBlock() : '';
      case 'finish':
        this.finish = event.stopSequence !== undefined ? { stopReason: event.stopReason, stopSequence: event.stopSequence } : { stopReason: event.stopReason };
        return this.writeStart() + this.closeBlock();
      case 'end':
        return this.writeStart() + this.closeBlock() + this.writeStop();
      case 'error':
        // Anthropic reports a failure mid-stream as an `error` event and sends no message_stop.
        this.done = true;
        return sse('error', { type: 'error', error: { type: errorTypeForKind(event.error.kind), message: event.error.message } });
    }
  }

  flush(): string {
    if (!this.startSeen || this.done) return '';
    return this.writeStart();
  }

  /** A complete thinking block with no text, holding a signature (what display "omitted" streams). */
  private signatureBlock(signature: string): string {
    const index = this.nextWire++;
    return (
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }) +
      sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } }) +
      sse('content_block_stop', { type: 'content_block_stop', index })
    );
  }

  private writeStart(): string {
    if (this.startWritten) return '';
    this.startWritten = true;
    const usage = usageToWire(this.usage);
    return sse('message_start', {
      type: 'message_start',
      message: {
        id: messageId(this.ctx),
        type: 'message',
        role: 'assistant',
        model: this.ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input_tokens,
          output_tokens: usage.output_tokens,
          cache_creation_input_tokens: usage.cache_creation_input_tokens,
          cache_read_input_tokens: usage.cache_read_input_tokens,
        },
      },
    });
  }

  private writeStop(): string {
    this.done = true;
    const stopReason = stopReasonToWire(this.finish?.stopReason ?? 'end_turn');
    const stopSequence = stopReason === 'stop_sequence' ? (this.finish?.stopSequence ?? null) : null;
    const usage = usageToWire(this.usage);
    const deltaUsage: Record<string, unknown> = {
      output_tokens: usage.output_tokens,
      input_tokens: usage.input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
    };
    if (usage.output_tokens_details !== undefined) deltaUsage.output_tokens_details = usage.output_tokens_details;
    return (
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: deltaUsage }) +
      sse('message_stop', { type: 'message_stop' })
    );
  }

  private openBlock(index: number, part: PartStart): string {
    const wire = this.nextWire++;
    const block: OpenBlock = { index, wire, kind: part.type, signed: false };
    let contentBlock: Record<string, unknown>;
    switch (part.type) {
      case 'text':
        contentBlock = { type: 'text', text: '' };
        break;
      case 'thinking':
        if (part.origin !== undefined) block.origin = part.origin;
        contentBlock = { type: 'thinking', thinking: '', signature: '' };
        break;
      case 'redacted_thinking':
        contentBlock = { type: 'redacted_thinking', data: part.data };
        break;
      case 'tool_call':
        contentBlock = { type: 'tool_use', id: toolUseId(part.id), name: part.name, input: {} };
        break;
    }
    this.block = block;
    return sse('content_block_start', { type: 'content_block_start', index: wire, content_block: contentBlock });
  }

  private delta(block: OpenBlock, delta: PartDelta): string {
    const write = (d: Record<string, unknown>): string => sse('content_block_delta', { type: 'content_block_delta', index: block.wire, delta: d });
    switch (delta.type) {
      case 'text':
        return block.kind === 'text' && delta.text !== '' ? write({ type: 'text_delta', text: delta.text }) : '';
      case 'thinking':
        return block.kind === 'thinking' && delta.text !== '' ? write({ type: 'thinking_delta', thinking: delta.text }) : '';
      case 'arguments':
        return block.kind === 'tool_call' && delta.json !== '' ? write({ type: 'input_json_delta', partial_json: delta.json }) : '';
      case 'signature': {
        // Only thinking blocks take a signature delta; a tool call's came on its part_start (see push).
        if (block.kind !== 'thinking') return '';
        const origin = delta.origin ?? block.origin;
        if (origin === 'anthropic') {
          block.signed = true;
          return write({ type: 'signature_delta', signature: delta.signature });
        }
        block.foreign = origin !== undefined ? { signature: delta.signature, origin } : { signature: delta.signature };
        return '';
      }
    }
  }

  private closeBlock(): string {
    const block = this.block;
    if (block === undefined) return '';
    this.block = undefined;
    let out = '';
    // Anthropic clients require a signature on every thinking block they echo back.
    if (block.kind === 'thinking' && !block.signed) {
      const signature = clientSignature(block.foreign?.origin ?? block.origin, block.foreign?.signature);
      out += sse('content_block_delta', { type: 'content_block_delta', index: block.wire, delta: { type: 'signature_delta', signature } });
    }
    return out + sse('content_block_stop', { type: 'content_block_stop', index: block.wire });
  }
}

function sse(event: string, data: unknown): string {
  return formatSse(JSON.stringify(data), event);
}
