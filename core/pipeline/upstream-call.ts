import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher, FormData } from 'undici';
import type { CanonicalError, WireFormat } from '../formats/canonical.js';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import { transportError, UpstreamDeadlineError } from '../upstream/client.js';
import type { UpstreamClient } from '../upstream/client.js';
import { forwardedHeaders } from '../upstream/forwarded-headers.js';
import { unsafeModelId, upstreamTarget, type UpstreamTarget } from '../upstream/target.js';
import type { AttemptNote } from './attempt-list.js';
import type { RouterPort } from './router-port.js';
import { upstreamErrorToCanonical } from './upstream-error.js';

/**
 * One HTTP call to an account, shared by chat attempts and token counts: the account's URL
 * and auth with the client's allowlisted headers, the request's deadline, and the first
 * verdict on what came back (a transport failure or an error status, classified by routing).
 */

/** A failure caused by the request itself: not retried elsewhere, not held against the account. */
export function requestError(error: CanonicalError): GatewayError {
  return { code: 'bad_request', status: error.status, retryable: false, scope: 'account', error };
}

/** A provider model id that must not reach the provider's URL or body, as the client's 400. */
export function unsafeModelFailure(target: RouteTarget): GatewayError | undefined {
  const unsafe = unsafeModelId(target.provider.format, target.model);
  return unsafe === undefined ? undefined : requestError({ status: 400, kind: 'invalid_request', message: unsafe });
}

export type UpstreamDeadline = ReturnType<typeof upstreamDeadline>;

/**
 * The signal one upstream call runs under: the client leaving aborts it, and so does the
 * request's time budget until the answer is in (a stream then gets its own total limit),
 * whatever the provider does with its connection.
 */
export function upstreamDeadline(client: AbortSignal, deadline: number) {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(client.reason);
  client.addEventListener('abort', onClientAbort, { once: true });
  if (client.aborted) controller.abort(client.reason);
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, phase: UpstreamDeadlineError['phase']) => {
    clearTimeout(timer);
    // setTimeout takes at most ~24.8 days; anything longer means no limit.
    if (ms < 2 ** 31) timer = setTimeout(() => controller.abort(new UpstreamDeadlineError(phase)), Math.max(0, ms));
  };
  arm(deadline - performance.now(), 'answer');
  return {
    signal: controller.signal,
    /** The gateway, not the client, stopped the call. */
    expired: () => controller.signal.reason instanceof UpstreamDeadlineError,
    arm,
    dispose: () => {
      clearTimeout(timer);
      client.removeEventListener('abort', onClientAbort);
    },
  };
}

/** A read or send that failed: the client left, or a transport failure routing classifies. */
export function transportFailure(
  router: Pick<RouterPort, 'classify'>,
  now: number,
  client: AbortSignal,
  deadline: UpstreamDeadline,
  err: unknown,
): { kind: 'client_gone' } | { kind: 'failed'; error: GatewayError } {
  if (client.aborted) return { kind: 'client_gone' };
  const cause = deadline.expired() ? deadline.signal.reason : err;
  return { kind: 'failed', error: router.classify({ error: transportError(cause), now }) };
}

export type UpstreamReply =
  | { kind: 'response'; response: Dispatcher.ResponseData }
  /** `rawBody`: the provider's error body (redacted), for body capture. */
  | { kind: 'failed'; error: GatewayError; rawBody?: unknown }
  | { kind: 'client_gone' };

export async function callUpstream(opts: {
  target: RouteTarget;
  clientFormat: WireFormat;
  clientHeaders: IncomingHttpHeaders;
  stream: boolean;
  /** JSON text, or a multipart form (an upload, whose file part is read from disk as it is sent). */
  payload: string | FormData;
  /**
   * Turns the format's endpoint into another of the same API (count_tokens, embeddings): the
   * account's URL and headers in, the ones to send out.
   */
  retarget?: (built: UpstreamTarget) => UpstreamTarget;
  upstream: UpstreamClient;
  router: Pick<RouterPort, 'classify'>;
  now(): number;
  /** Aborted when the client leaves. */
  clientSignal: AbortSignal;
  deadline: UpstreamDeadline;
  /** The attempt's log line, given the upstream's status once it answers. */
  note?: AttemptNote | undefined;
}): Promise<UpstreamReply> {
  const { target } = opts;
  const { provider, connection } = target;
  const built = upstreamTarget({
    provider,
    baseUrl: connection.baseUrl,
    apiKey: connection.apiKey,
    model: target.model,
    stream: opts.stream,
    forwarded: forwardedHeaders({ clientFormat: opts.clientFormat, upstreamFormat: provider.format, headers: opts.clientHeaders }),
    proxy: connection.proxy,
  });
  const sent = opts.retarget ? opts.retarget(built) : built;
  let response: Dispatcher.ResponseData;
  try {
    response = await opts.upstream.send(sent, opts.payload, opts.deadline.signal);
  } catch (err) {
    return transportFailure(opts.router, opts.now(), opts.clientSignal, opts.deadline, err);
  }
  if (opts.note) opts.note.status = response.statusCode;
  if (response.statusCode < 400) return { kind: 'response', response };
  // Some providers echo the key they were given ("Incorrect API key provided: sk-...").
  const read = await upstreamErrorToCanonical(provider.format, response, opts.now(), [connection.apiKey]).catch(() => ({
    ...transportError(undefined),
    rawBody: undefined,
  }));
  const { rawBody, ...error } = read;
  return { kind: 'failed', rawBody, error: opts.router.classify({ status: response.statusCode, error, headers: response.headers, rawBody, now: opts.now() }) };
}
