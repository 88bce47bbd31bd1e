/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream grammar): bytes arrive in
 * arbitrary pieces, events come out as soon as their terminating blank line is seen. This
 * is the only place in the gateway that parses SSE framing.
 */

export interface SseMessage {
  /** The `event:` field, when the stream named one. */
  event?: string;
  /** The `data:` lines joined with '\n'. */
  data: string;
}

export class SseParser {
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];
  private readonly decoder = new TextDecoder();

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseMessage[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = this.buffer.indexOf('\n', start);
      if (nl === -1) break;
      let line = this.buffer.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = nl + 1;
      this.line(line, out);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** The stream closed: a final event without its blank line still counts. */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    if (this.buffer.length > 0) {
      this.line(this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer, out);
      this.buffer = '';
    }
    this.line('', out);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        const message: SseMessage = { data: this.data.join('\n') };
        if (this.event !== undefined) message.event = this.event;
        out.push(message);
      }
      this.event = undefined;
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}

/** Frames one event for the wire. */
export function formatSse(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
