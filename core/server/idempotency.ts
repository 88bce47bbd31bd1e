import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A finished answer, as sent to the client that caused it. */
export interface CapturedResponse {
  status: number;
  headers: Record<string, string | number | string[]>;
  body: Buffer;
}

/** Kept answers are bounded, so a burst of distinct requests cannot grow memory. */
const MAX_KEPT = 500;
const MAX_KEPT_BODY = 1024 * 1024;

/**
 * Identical non-streaming requests (same client key and body, or the same Idempotency-Key)
 * share one upstream call: a duplicate that arrives while the first is in flight waits for
 * its answer, and one that arrives within `windowMs` after a successful answer gets it
 * again. Clients retry on timeouts and network blips; without this each retry would be
 * another paid generation.
 */
export class IdempotencyCache {
  private readonly inFlight = new Map<string, Promise<CapturedResponse | undefined>>();
  private readonly done = new Map<string, { at: number; response: CapturedResponse }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  static key(parts: {
    clientKey: string | undefined;
    path: string;
    idempotencyKey: string | undefined;
    body: Buffer;
    /** Request headers that reach the upstream and so can change the answer (an API beta or version). */
    forwarded?: string;
  }): string {
    const hash = createHash('sha256').update(parts.clientKey ?? '').update('\0').update(parts.path).update('\0');
    if (parts.forwarded) hash.update('forwarded\0').update(parts.forwarded).update('\0');
    if (parts.idempotencyKey) hash.update('idempotency-key\0').update(parts.idempotencyKey);
    else hash.update(parts.body);
    return hash.digest('base64url');
  }

  /** An answer to replay, or a promise of the in-flight one's answer (undefined if it failed to capture). */
  lookup(key: string): CapturedResponse | Promise<CapturedResponse | undefined> | undefined {
    const kept = this.done.get(key);
    if (kept && this.now() - kept.at <= this.windowMs) return kept.response;
    if (kept) this.done.delete(key);
    return this.inFlight.get(key);
  }

  /** Runs the first request of a key, capturing what it writes so duplicates can replay it. */
  async lead(key: string, res: ServerResponse, run: () => Promise<void>): Promise<void> {
    const capture = captureResponse(res);
    let settle!: (r: CapturedResponse | undefined) => void;
    this.inFlight.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      await run();
    } finally {
      const response = capture();
      this.inFlight.delete(key);
      settle(response);
      if (response && response.status === 200 && response.body.length <= MAX_KEPT_BODY) {
        if (this.done.size >= MAX_KEPT) this.done.delete(this.done.keys().next().value!);
        this.done.set(key, { at: this.now(), response });
      }
    }
  }
}

/** Replays a shared answer; the duplicate keeps its own request id. */
export function replay(res: ServerResponse, response: CapturedResponse): void {
  const headers: CapturedResponse['headers'] = { ...response.headers, 'x-omniroute-shared': '1' };
  delete headers['x-request-id'];
  res.writeHead(response.status, headers).end(response.body);
}

/**
 * Records the status, headers and body a handler writes, while still sending them: the
 * same wrapping compression middleware uses, since ServerResponse offers no way to read
 * back what was written.
 */
function captureResponse(res: ServerResponse): () => CapturedResponse | undefined {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (chunk: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_KEPT_BODY) overflow = true;
    else chunks.push(buf);
  };
  const written: CapturedResponse['headers'] = {};
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    // writeHead(status, headers) or writeHead(status, reason, headers); its headers never
    // show up in getHeaders(), so they are recorded here.
    const headers = rest.find((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
    if (headers) for (const [k, v] of Object.entries(headers)) if (v !== undefined) written[k.toLowerCase()] = v as string;
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return () => {
    if (!res.headersSent || overflow) return undefined;
    const headers: CapturedResponse['headers'] = {};
    for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) headers[name] = value;
    Object.assign(headers, written);
    return { status: res.statusCode, headers, body: Buffer.concat(chunks) };
  };
}
