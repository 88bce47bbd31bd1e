// One request/response pair: writes JSON, bytes or streamed frames, applies pacing and drop faults,
// and records status and client aborts on the RecordedRequest.
import type { ServerResponse } from 'node:http';
import type { RecordedRequest, RenderedStream } from './types.js';

export interface Pacing {
  /** Delay before every frame after the first. */
  delayMs?: number;
  /** Destroy the socket after this many frames (JSON bodies: after half the body). */
  dropAfter?: number;
}

export class Exchange {
  private dropped = false;
  private gone = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly record: RecordedRequest,
    resolveDone: () => void,
  ) {
    res.on('close', () => {
      this.gone = true;
      // 'close' without a finished response means the client went away first.
      if (!res.writableFinished && !this.dropped) record.aborted = true;
      resolveDone();
    });
    // A client can leave while its body is still being read (a long upload); then 'close'
    // has already fired and will not again.
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      this.gone = true;
      record.aborted = true;
      resolveDone();
    }
  }

  get closed(): boolean {
    return this.gone || this.res.destroyed || this.res.writableEnded;
  }

  /** Waits `ms`, returning early when the connection closes. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.res.once('close', done);
    });
  }

  /** Tears the connection down on purpose (a fault), which is not a client abort. */
  drop(): void {
    this.dropped = true;
    this.res.socket?.destroy();
    this.res.destroy();
  }

  /** Sent with the answer on top of its own headers (the 'headers' fault). */
  extraHeaders: Record<string, string> = {};

  private head(status: number, headers: Record<string, string>): void {
    this.record.status = status;
    this.res.writeHead(status, { ...headers, ...this.extraHeaders });
  }

  private write(chunk: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.res.write(chunk, () => resolve());
    });
  }

  async json(status: number, body: unknown, headers: Record<string, string> = {}, pacing: Pacing = {}): Promise<void> {
    if (this.closed) return;
    const text = JSON.stringify(body);
    const all = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    };
    if (pacing.delayMs) await this.pause(pacing.delayMs);
    if (this.closed) return;
    if (pacing.dropAfter !== undefined) {
      this.head(status, all);
      await this.write(text.slice(0, Math.floor(text.length / 2)));
      this.drop();
      return;
    }
    this.head(status, all);
    this.res.end(text);
  }

  /**
   * A non-JSON body (audio, plain text). `chunkBytes` sends it chunked, piece by piece, as
   * OpenAI streams speech; otherwise it goes whole with a content-length. A drop fault cuts
   * it after half, like a JSON body.
   */
  async bytes(status: number, body: Buffer, headers: Record<string, string>, pacing: Pacing = {}, chunkBytes?: number): Promise<void> {
    if (this.closed) return;
    if (pacing.delayMs) await this.pause(pacing.delayMs);
    if (this.closed) return;
    const sized: Record<string, string> = chunkBytes === undefined ? { 'content-length': String(body.length) } : {};
    this.head(status, { ...sized, ...headers });
    if (pacing.dropAfter !== undefined) {
      await this.write(body.subarray(0, Math.floor(body.length / 2)));
      this.drop();
      return;
    }
    if (chunkBytes === undefined) {
      this.res.end(body);
      return;
    }
    for (let at = 0; at < body.length; at += chunkBytes) {
      if (this.closed) return;
      await this.write(body.subarray(at, at + chunkBytes));
    }
    if (!this.closed) this.res.end();
  }

  async stream(stream: RenderedStream, headers: Record<string, string> = {}, pacing: Pacing = {}): Promise<void> {
    if (this.closed) return;
    this.head(200, { 'content-type': stream.contentType, 'cache-control': 'no-cache', ...headers });
    this.res.flushHeaders();
    for (let i = 0; i < stream.frames.length; i += 1) {
      if (pacing.dropAfter !== undefined && i >= pacing.dropAfter) return this.drop();
      if (i > 0 && pacing.delayMs) await this.pause(pacing.delayMs);
      if (this.closed) return;
      await this.write(stream.frames[i] ?? '');
    }
    if (pacing.dropAfter !== undefined && stream.frames.length <= pacing.dropAfter) return this.drop();
    if (this.closed) return;
    this.res.end(stream.trailer ?? '');
  }
}
