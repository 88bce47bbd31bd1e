import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { decodeCountTokensRequest } from '../formats/anthropic/index.js';
import type { CanonicalError } from '../formats/canonical.js';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import { transportError } from '../upstream/client.js';
import type { UpstreamClient } from '../upstream/client.js';
import { readText } from '../upstream/read-text.js';
import { forwardedHeaders } from '../upstream/forwarded-headers.js';
import { upstreamTarget } from '../upstream/target.js';
import { candidateWaiter, earlier } from './candidate-waiter.js';
import { estimateInputTokens } from './estimate-tokens.js';
import type { RequestRecord } from './request-record.js';
import { sendError } from './respond.js';
import type { RouterPort } from './router-port.js';
import { upstreamErrorToCanonical } from './upstream-error.js';

/** A count is a tiny JSON object; anything bigger is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface CountTokensDeps {
  router: RouterPort;
  upstream: UpstreamClient;
  now(): number;
  /** Books the finished request; a promise holds the answer until it is on disk. */
  onFinished(record: RequestRecord): Promise<void> | void;
}

export interface CountTokensCall {
  res: ServerResponse;
  requestId: string;
  body: unknown;
  /** The client's request headers; its Anthropic beta and version headers go upstream. */
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Unix ms when the request arrived. */
  ts: number;
  keyLabel?: string;
}

type CountOutcome =
  | { kind: 'counted'; body: string }
  | { kind: 'failed'; error: GatewayError }
  | { kind: 'client_gone' };

/**
 * Anthropic's `POST /v1/messages/count_tokens` (Claude Code calls it to size its context),
 * routed like a generation: the model's candidates in order, admission through cooldowns,
 * breakers and provider limits, fallback on 429 and 5xx. An Anthropic-format candidate counts
 * exactly; any other is estimated here without an upstream call. Logged with endpoint
 * `count_tokens`.
 */
export async function handleCountTokens(deps: CountTokensDeps, call: CountTokensCall): Promise<void> {
  const { res } = call;
  const record: RequestRecord = {
    id: call.requestId,
    ts: call.ts,
    clientFormat: 'anthropic',
    endpoint: 'count_tokens',
    requestedModel: '',
    stream: false,
    status: 0,
    latencyMs: 0,
    attempts: 0,
    fallbacks: 0,
    ...(call.keyLabel !== undefined ? { keyLabel: call.keyLabel } : {}),
  };
  const finish = async (status: number, error?: CanonicalError): Promise<void> => {
    record.status = status;
    record.latencyMs = Math.round(performance.now() - call.startedAt);
    if (error) record.errorCode = error.kind;
    await deps.onFinished(record);
  };
  const fail = async (error: CanonicalError): Promise<void> => {
    await finish(error.status, error);
    sendError(res, 'anthropic', error);
  };
  const answer = async (body: string): Promise<void> => {
    await finish(200);
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  };

  const decoded = decodeCountTokensRequest(call.body, { requestId: call.requestId, now: call.ts });
  if (!decoded.ok) return fail(decoded.error);
  const request = decoded.value;
  record.requestedModel = request.model;

  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const { maxAttempts, timeBudgetMs } = deps.router.budget;
  const deadline = call.startedAt + timeBudgetMs;
  const withinBudget = () => record.attempts < maxAttempts && performance.now() < deadline;
  const waitForCandidate = candidateWaiter({ router: deps.router, now: deps.now, deadline, signal: abort.signal });
  let last: GatewayError | undefined;

  // The rounds of handleChat (chat.ts): plan, try in order, back off after transient
  // failures, wait for a cooling candidate when that is soon enough.
  let waited = false;
  for (let round = 0; withinBudget(); round++) {
    if (round > 0 && !waited) {
      const wait = Math.min(deps.router.backoffMs(round - 1), deadline - performance.now());
      await sleep(wait, undefined, { signal: abort.signal }).catch(() => undefined);
    }
    waited = false;
    if (abort.signal.aborted) return finish(499);
    const plan = deps.router.plan(request.model, deps.now(), 'count_tokens');
    if (!plan.ok) {
      if (await waitForCandidate(plan.freeAt)) {
        waited = true;
        continue;
      }
      if (abort.signal.aborted) return finish(499);
      if (round === 0 || !last) return fail(plan.error);
      break;
    }
    let tried = false;
    let freeAt: number | undefined;
    for (const target of plan.candidates) {
      if (abort.signal.aborted) return finish(499);
      if (!withinBudget()) break;
      if (target.provider.format !== 'anthropic') {
        // Only Anthropic's API counts tokens for Anthropic's request shape; for any other
        // upstream the gateway's estimate is the answer, with no account called.
        route(record, target);
        delete record.connectionId;
        return answer(JSON.stringify({ input_tokens: estimateInputTokens(request) }));
      }
      const admission = await deps.router.admit(target, deps.now(), 'count_tokens');
      if (!admission.ok) {
        last ??= admission.error;
        freeAt = earlier(freeAt, admission.freeAt);
        continue;
      }
      tried = true;
      route(record, target);
      if (record.attempts > 0) record.fallbacks++;
      record.attempts++;
      const sentAt = performance.now();
      const outcome = await countUpstream({ deps, target, body: call.body, headers: call.headers, signal: abort.signal });
      if (outcome.kind === 'client_gone') {
        admission.done({ kind: 'abandoned' });
        return finish(499);
      }
      if (outcome.kind === 'failed') {
        admission.done({ kind: 'failure', error: outcome.error });
        last = outcome.error;
        if (!outcome.error.retryable) return fail(outcome.error.error);
        continue;
      }
      admission.done({ kind: 'success', latencyMs: performance.now() - sentAt });
      return answer(outcome.body);
    }
    if (!tried) {
      if (!(await waitForCandidate(freeAt))) break;
      waited = true;
    }
  }
  if (abort.signal.aborted) return finish(499);
  return fail(last?.error ?? { status: 503, kind: 'overloaded', message: 'Every account that can count tokens for this model is cooling down or unavailable. Retry later.' });
}

function route(record: RequestRecord, target: RouteTarget): void {
  record.providerId = target.provider.id;
  record.connectionId = target.connection.id;
  record.upstreamModel = target.model;
  record.upstreamFormat = target.provider.format;
}

/** One count_tokens call to an Anthropic-format account, the body passed through with the model rewritten. */
async function countUpstream(opts: {
  deps: CountTokensDeps;
  target: RouteTarget;
  body: unknown;
  headers: IncomingHttpHeaders;
  signal: AbortSignal;
}): Promise<CountOutcome> {
  const { deps, target, signal } = opts;
  const { provider, connection, model } = target;
  const forwarded = forwardedHeaders({ clientFormat: 'anthropic', upstreamFormat: provider.format, headers: opts.headers });
  const upstream = upstreamTarget({ provider, baseUrl: connection.baseUrl, apiKey: connection.apiKey, model, stream: false, forwarded });
  upstream.url = upstream.url.replace(/\/messages$/, '/messages/count_tokens');
  let response: Dispatcher.ResponseData;
  try {
    response = await deps.upstream.send(upstream, JSON.stringify({ ...(opts.body as object), model }), signal);
  } catch (err) {
    if (signal.aborted) return { kind: 'client_gone' };
    return { kind: 'failed', error: deps.router.classify({ error: transportError(err), now: deps.now() }) };
  }
  if (response.statusCode >= 400) {
    const read = await upstreamErrorToCanonical('anthropic', response, deps.now(), [connection.apiKey]).catch(() => ({ ...transportError(undefined), rawBody: undefined }));
    if (signal.aborted) return { kind: 'client_gone' };
    const { rawBody, ...error } = read;
    return { kind: 'failed', error: deps.router.classify({ status: response.statusCode, error, headers: response.headers, rawBody, now: deps.now() }) };
  }
  try {
    return { kind: 'counted', body: await readText(response.body, MAX_ANSWER_BYTES) };
  } catch (err) {
    if (signal.aborted) return { kind: 'client_gone' };
    return { kind: 'failed', error: deps.router.classify({ error: transportError(err), now: deps.now() }) };
  }
}
