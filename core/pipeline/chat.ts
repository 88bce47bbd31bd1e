import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeHeaders } from './route-headers.js';
import type { CanonicalError, OllamaEndpoint, Usage, WireFormat } from '../formats/canonical.js';
import { bodyAsksForStream } from '../formats/stream-framing.js';
import type { CodecContext } from '../formats/codec.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import { attemptUpstream } from './attempt.js';
import type { AttemptOutcome, Reply } from './attempt.js';
import { newRequestRecord, type RequestRecord } from './request-record.js';
import { invalidRequest, sendError } from './respond.js';
import type { RouterPort } from './router-port.js';
import { UpstreamBodies } from './upstream-body.js';
import { isBackgroundRequest } from './background-work.js';
import { BodyCapture } from './body-capture.js';
import type { RequestPolicy } from './request-policy.js';
import { clientGoneSignal, routeRounds } from './route-rounds.js';
import { requestFingerprint, type RepeatFailureMemory } from '../routing/repeat-failures.js';
import { modelInScopes } from '../server/gateway-keyring.js';
import { outOfScope } from './key-scope.js';

/** An upstream answer, sent to the client once the request is booked. */
type Answered = Extract<AttemptOutcome, { kind: 'answered' }>;

export interface ChatDeps {
  router: RouterPort;
  upstream: UpstreamClient;
  now(): number;
  /** Books a finished request; a promise holds the end of the response until it is on disk. */
  onFinished(record: RequestRecord): Promise<void> | void;
  /** Gateway-wide request rules (system prompt, thinking budget). */
  policy: RequestPolicy;
  /** Where background work (titles, summaries) goes, when configured. */
  backgroundModel?: string;
  /** Body capture for the request log; absent when off (the pipeline then does no capture work). */
  capture?: { limitBytes: number; secrets(): readonly string[] };
  /** What a request's usage cost on this account in USD; undefined when the price is unknown. */
  priceRequest?(target: RouteTarget, usage: Usage): number | undefined;
  /** Failures of a request sent again count against a breaker once (routing/repeat-failures.ts). */
  repeatFailures?: RepeatFailureMemory;
}

export interface ChatCall {
  req: IncomingMessage;
  res: ServerResponse;
  format: WireFormat;
  pathModel?: string;
  pathStream?: boolean;
  /** Ollama's endpoint the client called (/api/chat or /api/generate). */
  ollamaEndpoint?: OllamaEndpoint | undefined;
  requestId: string;
  body: unknown;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Unix ms when the request arrived. */
  ts: number;
  /** The label of the gateway key the client presented. */
  keyLabel?: string;
  /** The models that key may use (server/gateway-keyring.ts); absent = every model. */
  keyScopes?: readonly string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The model and stream flag, from the URL for Gemini and from the body for the others. */
function requestedModel(call: ChatCall): { model: string; stream: boolean } | CanonicalError {
  if (!isObject(call.body)) return invalidRequest('The request body must be a JSON object.');
  if (call.format === 'gemini') return { model: call.pathModel ?? '', stream: call.pathStream === true };
  const model = call.body.model;
  if (typeof model !== 'string' || model.length === 0) return invalidRequest('model: a non-empty string is required.');
  return { model, stream: bodyAsksForStream(call.format, call.body) };
}

/**
 * One client request in any of the four formats: decoded once, then routed (route-rounds.ts)
 * with each admitted candidate called through attemptUpstream, and booked before the client
 * sees the end of its answer.
 */
export async function handleChat(deps: ChatDeps, call: ChatCall): Promise<void> {
  const { res } = call;
  const record = newRequestRecord(call, call.format);
  const capture = deps.capture ? new BodyCapture({ limitBytes: deps.capture.limitBytes, secrets: deps.capture.secrets() }) : undefined;
  capture?.setClientRequest(JSON.stringify(call.body));
  // The record is booked before the client sees the end of its answer: a response that
  // completed is then in the log even if the process is killed the next moment.
  const finish = async (status: number, error?: CanonicalError, reply?: Reply) => {
    if (capture) {
      if (reply) capture.setClientResponse(reply.body);
      record.bodies = capture.finish();
    }
    record.status = status;
    record.latencyMs = Math.round(performance.now() - call.startedAt);
    if (error) record.errorCode = error.kind;
    await deps.onFinished(record);
    if (reply) res.writeHead(status, reply.headers).end(reply.body);
    else if (res.headersSent && !res.writableEnded && !res.destroyed) res.end();
  };
  const fail = async (error: CanonicalError) => {
    capture?.setClientError(call.format, error);
    await finish(error.status, error);
    sendError(res, call.format, error);
  };

  const asked = requestedModel(call);
  if ('kind' in asked) return fail(asked);
  if (call.keyScopes && !modelInScopes(asked.model, call.keyScopes)) return fail(outOfScope(asked.model, call.keyScopes));
  record.requestedModel = asked.model;
  record.stream = asked.stream;

  const signal = clientGoneSignal(res);
  const ctx: CodecContext = { requestId: call.requestId, now: call.ts };
  const bodies = new UpstreamBodies(call.body as Record<string, unknown>, call.format, { ...ctx, pathModel: call.pathModel, pathStream: call.pathStream, ollamaEndpoint: call.ollamaEndpoint }, deps.policy);
  // Background work is only looked for when a cheaper model is configured for it, so other
  // requests are not decoded for nothing.
  let routedModel = asked.model;
  if (deps.backgroundModel) {
    const canonical = bodies.canonical();
    if (canonical.ok && isBackgroundRequest(canonical.value)) routedModel = deps.backgroundModel;
  }
  const result = await routeRounds<Answered>({
    router: deps.router,
    now: deps.now,
    model: routedModel,
    endpoint: 'generate',
    record,
    startedAt: call.startedAt,
    signal,
    unavailableMessage: 'Every account that can serve this model is cooling down or unavailable. Retry later.',
    ...(deps.repeatFailures ? { countedBefore: () => deps.repeatFailures!.countedFor(requestFingerprint(`${call.format} ${call.pathModel ?? ''}`, call.body)) } : {}),
    tryTarget: async (target, note) => {
      const outcome = await attemptUpstream({
        note,
        res,
        clientFormat: call.format,
        clientHeaders: call.req.headers,
        requestedModel: asked.model,
        stream: asked.stream,
        target,
        bodies,
        capture,
        ctx,
        signal,
        startedAt: call.startedAt,
        upstream: deps.upstream,
        router: deps.router,
        now: deps.now,
        routeHeaders: () => routeHeaders(target, record),
      });
      if (outcome.kind === 'failed') return outcome;
      // Usage is booked even when the client left: the account spent it.
      if (outcome.usage) {
        record.usage = outcome.usage;
        if (outcome.usageEstimated) record.usageEstimated = true;
        const cost = deps.priceRequest?.(target, outcome.usage);
        if (cost !== undefined) record.costUsd = cost;
      }
      if (outcome.kind === 'client_gone') return { kind: 'client_gone' };
      if (outcome.ttftMs !== undefined) record.ttftMs = outcome.ttftMs;
      if (outcome.warnings.length > 0) record.warnings = outcome.warnings;
      // A stream that broke after content was sent still counts against the account.
      // Not when the gateway's own translation broke it: the account answered fine.
      const failure = outcome.error && !outcome.gatewayFault ? deps.router.classify({ error: outcome.error, now: deps.now() }) : undefined;
      return { kind: 'answered', value: outcome, failure };
    },
  });
  if (result.kind === 'client_gone') return finish(499);
  if (result.kind === 'failed') return fail(result.error);
  return finish(result.value.status, result.value.error, result.value.reply);
}
