/**
 * The OpenAI-style service endpoints (`/v1/embeddings`, `/v1/images/generations`,
 * `/v1/audio/transcriptions`, `/v1/audio/speech`, `/v1/moderations`, `/v1/rerank`), routed
 * like a chat request: the model's candidates in order (combos, aliases, fallback on 429 and
 * 5xx, cooldowns and breakers), accounts whose provider lacks the endpoint passed over, usage
 * and cost booked in the request log under the endpoint's name before the client sees the end
 * of its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeHeaders } from '../pipeline/route-headers.js';
import type { CanonicalError, Usage } from '../formats/canonical.js';
import type { ServiceEndpoint } from '../providers/types.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import type { BilledUnits } from '../usage/price-book.js';
import { modelInScopes } from '../server/gateway-keyring.js';
import { outOfScope } from '../pipeline/key-scope.js';
import { newRequestRecord, type RequestRecord } from '../pipeline/request-record.js';
import { invalidRequest, sendError } from '../pipeline/respond.js';
import { clientGoneSignal, routeRounds, type RoundsResult } from '../pipeline/route-rounds.js';
import type { RouterPort } from '../pipeline/router-port.js';
import { attemptService, unfitFor, type ServiceAnswer, type ServiceBody } from './service-attempt.js';
import { DEFAULT_MODERATION_MODEL } from './service-paths.js';
import { requestUnits } from './service-usage.js';
import { formField } from './upload-form.js';

export interface ServiceDeps {
  router: RouterPort;
  upstream: UpstreamClient;
  now(): number;
  onFinished(record: RequestRecord): Promise<void> | void;
  /** What the call cost in USD; undefined when the price is unknown. */
  priceRequest?(target: RouteTarget, usage: Usage, units: BilledUnits): number | undefined;
}

export interface ServiceCall {
  req: IncomingMessage;
  res: ServerResponse;
  endpoint: ServiceEndpoint;
  request: ServiceBody;
  requestId: string;
  startedAt: number;
  ts: number;
  keyLabel?: string;
  keyScopes?: readonly string[];
}

function modelOf(call: ServiceCall): string | CanonicalError {
  const model = call.request.kind === 'json' ? call.request.body.model : formField(call.request.form, 'model');
  if (typeof model === 'string' && model !== '') return model;
  if (model === undefined && call.endpoint === 'moderations') return DEFAULT_MODERATION_MODEL;
  return invalidRequest('model: a non-empty string is required.');
}

export async function handleService(deps: ServiceDeps, call: ServiceCall): Promise<void> {
  const { res } = call;
  const record: RequestRecord = { ...newRequestRecord(call, 'openai-chat'), endpoint: call.endpoint };
  let result: RoundsResult<ServiceAnswer>;
  try {
    result = await routeService(deps, call, record);
  } finally {
    // The spooled upload goes as soon as no account will be sent it again, before the client
    // hears the answer, whatever happened on the way.
    if (call.request.kind === 'upload') await call.request.form.discard();
  }
  if (result.kind === 'failed') record.errorCode = result.error.kind;
  record.status = result.kind === 'answered' ? result.value.status : result.kind === 'failed' ? result.error.status : 499;
  record.latencyMs = Math.round(performance.now() - call.startedAt);
  await deps.onFinished(record);
  if (result.kind === 'failed') sendError(res, 'openai-chat', result.error);
  else if (result.kind === 'answered' && result.value.reply) res.writeHead(result.value.status, result.value.reply.headers).end(result.value.reply.body);
  else if (res.headersSent && !res.writableEnded && !res.destroyed) res.end();
}

/** The request's model, checked against the key's scopes, then routed; the record names where it went. */
async function routeService(deps: ServiceDeps, call: ServiceCall, record: RequestRecord): Promise<RoundsResult<ServiceAnswer>> {
  const { res, endpoint } = call;
  const model = modelOf(call);
  if (typeof model !== 'string') return { kind: 'failed', error: model };
  record.requestedModel = model;
  if (call.keyScopes && !modelInScopes(model, call.keyScopes)) return { kind: 'failed', error: outOfScope(model, call.keyScopes) };
  const signal = clientGoneSignal(res);
  const requestedUnits = call.request.kind === 'json' ? requestUnits(endpoint, call.request.body) : {};
  return routeRounds<ServiceAnswer>({
    router: deps.router,
    now: deps.now,
    model,
    endpoint: 'generate',
    record,
    startedAt: call.startedAt,
    signal,
    unavailableMessage: `Every account that can serve ${model} is cooling down or unavailable. Retry later.`,
    unfit: (target) => unfitFor(endpoint, target, call.request),
    tryTarget: async (target, note) => {
      const outcome = await attemptService({
        endpoint,
        target,
        request: call.request,
        requestedModel: model,
        clientHeaders: call.req.headers,
        res,
        note,
        signal,
        startedAt: call.startedAt,
        upstream: deps.upstream,
        router: deps.router,
        now: deps.now,
        routeHeaders: () => routeHeaders(target, record),
      });
      if (outcome.kind === 'answered') book(deps, record, target, outcome.value, requestedUnits);
      return outcome;
    },
  });
}

/** Usage and cost of an answered call; an answer with no token count still has its units priced. */
function book(deps: ServiceDeps, record: RequestRecord, target: RouteTarget, answer: ServiceAnswer, requestedUnits: BilledUnits): void {
  const usage = answer.usage ?? { inputTokens: 0, outputTokens: 0 };
  if (answer.usage) record.usage = answer.usage;
  if (answer.usageEstimated) record.usageEstimated = true;
  const cost = deps.priceRequest?.(target, usage, { ...requestedUnits, ...answer.units });
  if (cost !== undefined) record.costUsd = cost;
}
