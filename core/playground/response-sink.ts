/**
 * The "client connection" of a playground run. The pipeline (pipeline/chat.ts) answers a
 * ServerResponse; to run a playground request through that same code, unchanged, this is a
 * real ServerResponse with no socket whose body bytes go to a callback instead of a wire.
 *
 * What the pipeline reads of a response keeps Node's own behaviour: writeHead, statusCode
 * and headersSent are untouched. Only the body side is replaced: write never pushes back
 * (nothing is slower than a callback), end marks the response finished and closes it, and
 * stop() closes it unfinished, which the pipeline reads as the client going away (a 499).
 */
import { IncomingMessage, ServerResponse, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';

export class PlaygroundResponse extends ServerResponse {
  private sinkClosed = false;

  constructor(
    headers: IncomingHttpHeaders,
    private readonly onBody: (chunk: string | Buffer) => void,
  ) {
    // An unconnected socket: nothing is ever written to it, the request is only read for headers.
    const req = new IncomingMessage(new Socket());
    req.headers = headers;
    super(req);
  }

  /** The request the response answers (the pipeline reads the client's headers from it). */
  get request(): IncomingMessage {
    return this.req;
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (this.sinkClosed) return false;
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.onBody(textOf(chunk));
    // A callback may come second (write(chunk, cb)) or third (write(chunk, encoding, cb)).
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done(null));
    return true;
  }

  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (this.sinkClosed) return this;
    if (!this.headersSent) this.writeHead(this.statusCode);
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.onBody(textOf(chunk));
    this.finished = true;
    this.close();
    const done = [chunk, encoding, callback].find((c) => typeof c === 'function');
    if (typeof done === 'function') queueMicrotask(() => done());
    return this;
  }

  override destroy(error?: Error): this {
    super.destroy(error);
    this.close();
    return this;
  }

  /** Ends the run as if its client had hung up; no effect once the answer ended. */
  stop(): void {
    this.close();
  }

  private close(): void {
    if (this.sinkClosed) return;
    this.sinkClosed = true;
    if (this.finished) this.emit('finish');
    this.emit('close');
  }
}

/** Bytes stay bytes: a chunk may end inside a UTF-8 character that the next one completes. */
function textOf(chunk: unknown): string | Buffer {
  if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return String(chunk);
}
