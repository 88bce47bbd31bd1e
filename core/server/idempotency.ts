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

/** What a request with an Idempotency-Key finds under its key. */
export type IdempotencyLookup =
  /** Nothing: this request leads (see lead()). */
  | { kind: 'new' }
  /** The same request answered within the window: its answer, to replay. */
  | { kind: 'replay'; response: CapturedResponse }
  /** The same request in flight: its answer when it ends (undefined if it could not be kept). */
  | { kind: 'wait'; response: Promise<CapturedResponse | undefined> }
  /** The key was used for a different request body. */
  | { kind: 'mismatch' };

/**
 * Non-streaming requests that carry the same Idempotency-Key (from the same client, to the
 * same endpoint, with the same body) share one upstream call: a retry that arrives while the
 * first is in flight waits for its answer, and one within `windowMs` after a successful
 * answer gets it again. A client that sends the key says the requests are one; without it,
 * two identical requests are two generations, since sampled answers differ on purpose (a
 * "regenerate" must not get the same text back).
 */
export class IdempotencyCache {
  private readonly inFlight = new Map<string, { body: string; response: Promise<CapturedResponse | undefined> }>();
  private readonly done = new Map<string, { at: number; body: string; response: CapturedResponse }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** The cache key: one client's Idempotency-Key on one endpoint. */
  static key(parts: {
    clientKey: string | undefined;
    path: string;
    idempotencyKey: string;
    /** Request headers that reach the upstream and so can change the answer (an API beta or version). */
    forwarded?: string;
  }): string {
    const hash = createHash('sha256').update(parts.clientKey ?? '').update('\0').update(parts.path).update('\0');
    if (parts.forwarded) hash.update('forwarded\0').update(parts.forwarded).update('\0');
    return hash.update('idempotency-key\0').update(parts.idempotencyKey).digest('base64url');
  }

  /**
   * The request body as compared under one key: its JSON with object keys sorted, hashed, so
   * a retry that serialises the same request differently (key order, spacing) still matches.
   */
  static bodyHash(body: unknown): string {
    return createHash('sha256').update(stableJson(body)).digest('base64url');
  }

  lookup(key: string, bodyHash: string): IdempotencyLookup {
    const kept = this.done.get(key);
    if (kept && this.now() - kept.at > this.windowMs) this.done.delete(key);
    else if (kept) return kept.body === bodyHash ? { kind: 'replay', response: kept.response } : { kind: 'mismatch' };
    const running = this.inFlight.get(key);
    if (!running) return { kind: 'new' };
    return running.body === bodyHash ? { kind: 'wait', response: running.response } : { kind: 'mismatch' };
  }

  /** Runs the first request of a key, capturing what it writes so retries can replay it. */
  async lead(key: string, bodyHash: string, res: ServerResponse, run: () => Promise<void>): Promise<void> {
    const capture = captureResponse(res);
    let settle!: (r: CapturedResponse | undefined) => void;
    this.inFlight.set(key, { body: bodyHash, response: new Promise((resolve) => (settle = resolve)) });
    try {
      await run();
    } finally {
      const response = capture();
      this.inFlight.delete(key);
      settle(response);
      if (response && response.status === 200 && response.body.length <= MAX_KEPT_BODY) {
        if (this.done.size >= MAX_KEPT) this.done.delete(this.done.keys().next().value!);
        this.done.set(key, { at: this.now(), body: bodyHash, response });
      }
    }
  }
}

/** JSON with object keys in sorted order, so equal values serialise equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Replays a shared answer; the retry keeps its own request id. */
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
