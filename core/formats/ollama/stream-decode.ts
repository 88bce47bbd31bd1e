import type { CanonicalError, StreamEvent } from '../canonical.js';
import type { CodecContext, StreamDecoder } from '../codec.js';
import type { SseMessage } from '../../sse/parser.js';
import { ThinkTagSplitter, type ContentPiece } from '../openai-chat/think-tags.js';
import { decodeDoneReason } from './done-reason.js';
import { decodeInlineError } from './errors.js';
import { isRecord } from './json-object.js';
import { answerPieces, answerSchema, argumentsText, createdSeconds, type ToolCall } from './response-decode.js';
import { decodeUsage } from './usage.js';

/**
 * An upstream Ollama NDJSON stream (one answer object per line, arriving as the `data` of a
 * message from core/sse/ndjson.ts) -> canonical stream events. Text and thinking come in
 * pieces; a tool call comes whole in one line, so it opens, gets its arguments and closes at
 * once. The line with `done: true` carries the done_reason and the token counts and ends the
 * stream; `{"error": ...}` in place of a line is the upstream failing mid-stream.
 */

const EARLY_END: CanonicalError = { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' };

export class OllamaStreamDecoder implements StreamDecoder {
  private closed = false;
  private started = false;
  private open: { kind: 'text' | 'thinking'; index: number } | undefined;
  private nextPart = 0;
  private toolCount = 0;
  private readonly splitter = new ThinkTagSplitter();

  constructor(private readonly ctx: CodecContext) {}

  push(message: SseMessage): StreamEvent[] {
    if (this.closed) return [];
    const data = message.data.trim();
    if (data === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.fail({ status: 502, kind: 'api_error', message: 'upstream sent a stream line that is not JSON' });
    }
    if (isRecord(json) && json.error) return this.fail(decodeInlineError(json.error));
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success || !isRecord(json)) return this.fail({ status: 502, kind: 'api_error', message: 'upstream sent a malformed Ollama stream line' });
    const line = parsed.data;
    const out: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start', id: `ollama-${this.ctx.requestId}`, model: line.model ?? '', created: createdSeconds(line.created_at, this.ctx.now) });
    }
    const pieces = answerPieces(line);
    if (pieces.thinking) {
      this.pieces(this.splitter.flush(), out);
      this.append('thinking', pieces.thinking, out);
    }
    if (pieces.content) this.pieces(this.splitter.push(pieces.content), out);
    if (pieces.toolCalls.length > 0) {
      this.pieces(this.splitter.flush(), out);
      for (const call of pieces.toolCalls) this.toolCall(call, out);
    }
    if (line.done) {
      this.pieces(this.splitter.flush(), out);
      this.close(out);
      out.push({ type: 'finish', stopReason: decodeDoneReason(line.done_reason, this.toolCount > 0) });
      const usage = decodeUsage(json);
      if (Object.keys(usage).length > 0) out.push({ type: 'usage', usage });
      out.push({ type: 'end' });
      this.closed = true;
    }
    return out;
  }

  end(): StreamEvent[] {
    if (this.closed) return [];
    return this.fail(EARLY_END);
  }

  private fail(error: CanonicalError): StreamEvent[] {
    this.closed = true;
    return [{ type: 'error', error }];
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

  private toolCall(call: ToolCall, out: StreamEvent[]): void {
    this.close(out);
    const index = this.nextPart++;
    const id = call.id || `call_${this.ctx.requestId}_${this.toolCount}`;
    this.toolCount++;
    out.push({ type: 'part_start', index, part: { type: 'tool_call', id, name: call.function.name } });
    out.push({ type: 'delta', index, delta: { type: 'arguments', json: argumentsText(call) } });
    out.push({ type: 'part_end', index });
  }

  private close(out: StreamEvent[]): void {
    if (!this.open) return;
    out.push({ type: 'part_end', index: this.open.index });
    this.open = undefined;
  }
}
