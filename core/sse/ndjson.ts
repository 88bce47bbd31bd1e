/**
 * Incremental newline-delimited JSON splitter (Ollama's `application/x-ndjson` streams): one
 * JSON value per line. Bytes arrive in arbitrary pieces; each complete line comes out as an
 * SseMessage-shaped `{data}`, so stream decoders take either framing through one interface.
 * Next to parser.ts, this is the only other place the gateway parses stream framing. Lines
 * are not parsed as JSON here: that is the decoder's job, and its error to report.
 */
import type { SseMessage } from './parser.js';

/** What the stream relay feeds upstream bytes into: SseParser or NdjsonSplitter. */
export interface StreamSplitter {
  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: Uint8Array | string): SseMessage[];
  /** The stream closed: whatever is held counts as a last message. */
  end(): SseMessage[];
}

/**
 * A line longer than this is no streamed chunk (Ollama sends one token, or one whole tool
 * call, per line). Its first bytes come out at once as a message, which no decoder can parse,
 * and the rest of the line is skipped, so a stream without newlines cannot grow the buffer.
 */
export const MAX_NDJSON_LINE = 16 * 1024 * 1024;

export class NdjsonSplitter implements StreamSplitter {
  private buffer = '';
  /** Inside a line that was cut at the bound: skip to its newline. */
  private skipping = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxLine: number = MAX_NDJSON_LINE) {}

  push(chunk: Uint8Array | string): SseMessage[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.buffer = '';
        continue;
      }
      this.line(this.buffer + piece, out);
      this.buffer = '';
    }
    if (!this.skipping) {
      this.buffer += text.slice(start);
      if (this.buffer.length > this.maxLine) {
        out.push({ data: this.buffer.slice(0, this.maxLine) });
        this.buffer = '';
        this.skipping = true;
      }
    }
    return out;
  }

  end(): SseMessage[] {
    const out: SseMessage[] = [];
    const rest = this.skipping ? '' : this.buffer + this.decoder.decode();
    this.buffer = '';
    this.skipping = false;
    this.line(rest, out);
    return out;
  }

  /** One line, without its '\n' (and without a '\r' before it); blank lines carry nothing. */
  private line(raw: string, out: SseMessage[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    out.push({ data: line.length > this.maxLine ? line.slice(0, this.maxLine) : line });
  }
}

/** Frames one JSON text as an NDJSON line. */
export function formatNdjson(json: string): string {
  return `${json}\n`;
}
