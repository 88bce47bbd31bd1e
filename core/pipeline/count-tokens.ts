import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { decodeCountTokensRequest } from '../formats/anthropic/index.js';
import type { CanonicalError } from '../formats/canonical.js';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import { readText } from '../upstream/read-text.js';
import { estimateInputTokens } from './estimate-tokens.js';
import { newRequestRecord, type RequestRecord } from './request-record.js';
import { sendError } from './respond.js';
import type { AttemptNote } from './attempt-list.js';
import { clientGoneSignal, recordTarget, routeRounds } from './route-rounds.js';
import { modelInScopes } from '../server/gateway-keyring.js';
import { outOfScope } from './key-scope.js';
import type { RouterPort } from './router-port.js';
import { callUpstream, transportFailure, unsafeModelFailure, upstreamDeadline } from './upstream-call.js';

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
  /** The models that key may use; absent = every model. */
  keyScopes?: readonly string[];
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
  const record: RequestRecord = { ...newRequestRecord(call, 'anthropic'), endpoint: 'count_tokens' };
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
  if (call.keyScopes && !modelInScopes(request.model, call.keyScopes)) return fail(outOfScope(request.model, call.keyScopes));

  const signal = clientGoneSignal(res);
  const result = await routeRounds<string>({
    router: deps.router,
    now: deps.now,
    model: request.model,
    endpoint: 'count_tokens',
    record,
    startedAt: call.startedAt,
    signal,
    unavailableMessage: 'Every account that can count tokens for this model is cooling down or unavailable. Retry later.',
    answerLocally: (target) => {
      // Only Anthropic's API counts tokens for Anthropic's request shape; for any other
      // upstream the gateway's estimate is the answer, with no account called.
      if (target.provider.format === 'anthropic') return undefined;
      recordTarget(record, target, false);
      return JSON.stringify({ input_tokens: estimateInputTokens(request) });
    },
    tryTarget: async (target, note) => {
      const outcome = await countUpstream({ deps, target, body: call.body, headers: call.headers, signal, startedAt: call.startedAt, note });
      return outcome.kind === 'counted' ? { kind: 'answered', value: outcome.body } : outcome;
    },
  });
  if (result.kind === 'client_gone') return finish(499);
  if (result.kind === 'failed') return fail(result.error);
  return answer(result.value);
}

/**
 * One count_tokens call to an Anthropic-format account, the body passed through with the model
 * rewritten, under the same deadline and checks as a chat attempt (upstream-call.ts).
 */
async function countUpstream(opts: {
  deps: CountTokensDeps;
  target: RouteTarget;
  body: unknown;
  headers: IncomingHttpHeaders;
  signal: AbortSignal;
  startedAt: number;
  note: AttemptNote;
}): Promise<CountOutcome> {
  const { deps, target, signal } = opts;
  const unsafe = unsafeModelFailure(target);
  if (unsafe) return { kind: 'failed', error: unsafe };
  const deadline = upstreamDeadline(signal, opts.startedAt + deps.router.budget.timeBudgetMs);
  try {
    const reply = await callUpstream({
      target,
      clientFormat: 'anthropic',
      clientHeaders: opts.headers,
      stream: false,
      payload: JSON.stringify({ ...(opts.body as object), model: target.model }),
      retarget: (built) => ({ ...built, url: built.url.replace(/\/messages$/, '/messages/count_tokens') }),
      upstream: deps.upstream,
      router: deps.router,
      now: deps.now,
      clientSignal: signal,
      deadline,
      note: opts.note,
    });
    if (signal.aborted) return { kind: 'client_gone' };
    if (reply.kind === 'failed') return { kind: 'failed', error: reply.error };
    if (reply.kind === 'client_gone') return reply;
    try {
      return { kind: 'counted', body: await readText(reply.response.body, MAX_ANSWER_BYTES) };
    } catch (err) {
      return transportFailure(deps.router, deps.now(), signal, deadline, err);
    }
  } finally {
    deadline.dispose();
  }
}
