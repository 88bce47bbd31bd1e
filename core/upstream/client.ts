import { request, errors as undiciErrors } from 'undici';
import type { Dispatcher, FormData } from 'undici';
import type { CanonicalError } from '../formats/canonical.js';
import type { UpstreamTarget } from './target.js';
import { createProxyDispatchers } from './proxy-dispatchers.js';
import type { ParsedProxy } from './proxy-url.js';

export interface UpstreamTimeouts {
  /** TCP (+TLS) connect. */
  connectMs: number;
  /** From sending the request to the response headers (the provider's first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
  /**
   * Longest a streamed answer may run once its headers came: an upstream trickling a byte
   * at a time never trips the idle timeout but still ends here. (A non-streamed answer is
   * bounded by the request's time budget.)
   */
  streamTotalMs: number;
}

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { connectMs: 10_000, firstByteMs: 120_000, idleMs: 120_000, streamTotalMs: 30 * 60_000 };

/** Why the gateway itself stopped waiting on an upstream (as opposed to the client leaving). */
export class UpstreamDeadlineError extends Error {
  constructor(readonly phase: 'answer' | 'stream') {
    super(phase === 'answer' ? 'The upstream provider did not answer within the time budget.' : 'The upstream stream ran past its time limit.');
    this.name = 'UpstreamDeadlineError';
  }
}

export interface UpstreamClient {
  /** `body`: JSON text, or a multipart form whose parts undici streams as it sends them. */
  send(target: UpstreamTarget, body: string | FormData, signal: AbortSignal): Promise<Dispatcher.ResponseData>;
  /** The dispatcher for a call that is not a POST (model lists, quota polls): direct, or through the proxy. */
  dispatcherFor(url: string, proxy: ParsedProxy | undefined): Dispatcher;
  close(): Promise<void>;
  /** The limits this client enforces; callers bound a whole stream with streamTotalMs. */
  readonly timeouts?: UpstreamTimeouts;
}

/**
 * One pooled keep-alive agent for every direct upstream (undici keeps a pool per origin), and
 * one per outbound proxy in use. `noProxy` is read per call: a settings change applies at once.
 */
export function createUpstreamClient(timeouts: UpstreamTimeouts = DEFAULT_TIMEOUTS, network: { noProxy(): string } = { noProxy: () => '' }): UpstreamClient {
  const dispatchers = createProxyDispatchers({ timeouts });
  const dispatcherFor = (url: string, proxy: ParsedProxy | undefined) => dispatchers.dispatcherFor(url, proxy, proxy ? network.noProxy() : '');
  return {
    send(target, body, signal) {
      return request(target.url, { method: 'POST', headers: target.headers, body, signal, dispatcher: dispatcherFor(target.url, target.proxy) });
    },
    dispatcherFor,
    close: () => dispatchers.close(),
    timeouts,
  };
}

/** Turns a failure to reach the upstream (no HTTP answer) into the error a client sees. */
export function transportError(err: unknown): CanonicalError {
  if (err instanceof UpstreamDeadlineError) return { status: 504, kind: 'timeout', message: err.message };
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return { status: 504, kind: 'timeout', message: 'The upstream provider did not answer in time.' };
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return { status: 504, kind: 'timeout', message: 'Could not connect to the upstream provider in time.' };
  }
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const detail = code ? ` (${code})` : '';
  return { status: 502, kind: 'api_error', message: `Could not reach the upstream provider${detail}.` };
}
