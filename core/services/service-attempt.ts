/**
 * One service call (embeddings, images, audio, moderation, rerank) to one admitted account:
 * the client's request with the provider's own model id, sent to the provider's path for that
 * endpoint, and its answer read back. A JSON answer is read whole (bounded), its `model` set back
 * to what the client asked for and its usage read; any other answer (speech audio, a
 * transcript as text or SSE) is relayed to the client as it arrives.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import type { CanonicalError } from '../formats/canonical.js';
import type { ServiceEndpoint } from '../providers/types.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import { readCapped } from '../upstream/read-text.js';
import { accountBaseUrl, type UpstreamTarget } from '../upstream/target.js';
import type { AttemptNote } from '../pipeline/attempt-list.js';
import type { TryOutcome } from '../pipeline/route-rounds.js';
import type { RouterPort } from '../pipeline/router-port.js';
import { callUpstream, requestError, transportFailure, unsafeModelFailure, upstreamDeadline } from '../pipeline/upstream-call.js';
import { geminiEmbeddingCall, geminiEmbeddingRefusal, openAiEmbeddingList, type GeminiEmbeddingCall } from './gemini-embeddings.js';
import { answerUsage, type ServiceUsage } from './service-usage.js';
import { formForAccount, type UploadedForm } from './upload-form.js';

/** Bigger than any embeddings list a provider sends back (2,048 inputs of 3,072 floats as JSON). */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/** The client's request, decoded once: a JSON body or a spooled upload. */
export type ServiceBody = { kind: 'json'; body: Record<string, unknown> } | { kind: 'upload'; form: UploadedForm };

export type ServiceAnswer = ServiceUsage & {
  status: number;
  /** A JSON answer to send once the request is booked; absent when the answer was relayed. */
  reply?: { headers: Record<string, string>; body: string };
  usageEstimated?: boolean;
};

export interface ServiceAttemptInput {
  endpoint: ServiceEndpoint;
  target: RouteTarget;
  request: ServiceBody;
  requestedModel: string;
  clientHeaders: IncomingHttpHeaders;
  res: ServerResponse;
  note: AttemptNote;
  signal: AbortSignal;
  startedAt: number;
  upstream: UpstreamClient;
  router: RouterPort;
  now(): number;
  /** Headers naming where the request went (x-omniroute-*). */
  routeHeaders(): Record<string, string>;
}

/** Why this account cannot take this request at all, so routing passes it over. */
export function unfitFor(endpoint: ServiceEndpoint, target: RouteTarget, request: ServiceBody): CanonicalError | undefined {
  const { provider } = target;
  const served = provider.endpoints?.[endpoint] !== undefined && (provider.format !== 'gemini' || endpoint === 'embeddings');
  if (!served) return { status: 400, kind: 'invalid_request', message: `${provider.name} does not serve ${endpoint}; name a model of a provider that does.` };
  return provider.format === 'gemini' && request.kind === 'json' ? geminiEmbeddingRefusal(request.body) : undefined;
}

/** The account's auth and provider headers, with the content type left to the payload. */
function serviceHeaders(built: UpstreamTarget, json: boolean): Record<string, string> {
  const { 'content-type': _type, accept: _accept, ...rest } = built.headers;
  return { ...rest, accept: '*/*', ...(json ? { 'content-type': 'application/json' } : {}) };
}

type Prepared = { path: string; payload: string | Awaited<ReturnType<typeof formForAccount>>; gemini?: GeminiEmbeddingCall };

async function prepare(input: ServiceAttemptInput): Promise<Prepared | CanonicalError> {
  const { target, request } = input;
  if (request.kind === 'upload') return { path: target.provider.endpoints![input.endpoint]!, payload: await formForAccount(request.form, target.model) };
  if (target.provider.format === 'gemini') {
    const gemini = geminiEmbeddingCall(request.body, target.model);
    if ('kind' in gemini) return gemini;
    return { path: gemini.path, payload: JSON.stringify(gemini.body), gemini };
  }
  return { path: target.provider.endpoints![input.endpoint]!, payload: JSON.stringify({ ...request.body, model: target.model }) };
}

function isJson(response: Dispatcher.ResponseData): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && /^application\/(.+\+)?json\b/i.test(type);
}

export async function attemptService(input: ServiceAttemptInput): Promise<TryOutcome<ServiceAnswer>> {
  const { target, signal } = input;
  const unsafe = unsafeModelFailure(target);
  if (unsafe) return { kind: 'failed', error: unsafe };
  const prepared = await prepare(input);
  if ('kind' in prepared) return { kind: 'failed', error: requestError(prepared) };
  const deadline = upstreamDeadline(signal, input.startedAt + input.router.budget.timeBudgetMs);
  try {
    const reply = await callUpstream({
      target,
      clientFormat: 'openai-chat',
      clientHeaders: input.clientHeaders,
      stream: false,
      payload: prepared.payload,
      retarget: (built) => ({ ...built, url: accountBaseUrl(target.provider, target.connection.baseUrl) + prepared.path, headers: serviceHeaders(built, typeof prepared.payload === 'string') }),
      upstream: input.upstream,
      router: input.router,
      now: input.now,
      clientSignal: signal,
      deadline,
      note: input.note,
    });
    if (reply.kind !== 'response') return reply;
    const { response } = reply;
    try {
      if (!isJson(response)) return await relay(input, response);
      return await readJsonAnswer(input, response, prepared.gemini);
    } catch (err) {
      if (input.res.headersSent) return { kind: 'answered', value: { status: response.statusCode, units: {} }, failure: undefined };
      return transportFailure(input.router, input.now(), signal, deadline, err);
    }
  } finally {
    deadline.dispose();
  }
}

async function readJsonAnswer(input: ServiceAttemptInput, response: Dispatcher.ResponseData, gemini: GeminiEmbeddingCall | undefined): Promise<TryOutcome<ServiceAnswer>> {
  const { text, truncated } = await readCapped(response.body, MAX_ANSWER_BYTES);
  const malformed = (message: string): TryOutcome<ServiceAnswer> => ({
    kind: 'failed',
    error: input.router.classify({ status: 502, error: { status: 502, kind: 'api_error', message }, now: input.now() }),
  });
  if (truncated) return malformed(`The provider's answer is larger than ${MAX_ANSWER_BYTES} bytes.`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return malformed('The provider answered with malformed JSON.');
  }
  let out: unknown = answer;
  if (gemini) {
    out = openAiEmbeddingList(answer, gemini, input.requestedModel);
    if (out === undefined) return malformed('The Gemini account answered embeddings in a shape this gateway does not know.');
  } else if (typeof answer === 'object' && answer !== null && !Array.isArray(answer) && typeof (answer as { model?: unknown }).model === 'string') {
    // The client always gets back the model name it asked for.
    out = { ...answer, model: input.requestedModel };
  }
  const body = JSON.stringify(out);
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...input.routeHeaders() };
  return { kind: 'answered', value: { status: response.statusCode, reply: { headers, body }, ...answerUsage(input.endpoint, out), ...(gemini ? { usageEstimated: true } : {}) } };
}

/** Relays a non-JSON answer (audio, text, SSE) as it comes; the caller ends the response once booked. */
async function relay(input: ServiceAttemptInput, response: Dispatcher.ResponseData): Promise<TryOutcome<ServiceAnswer>> {
  const type = response.headers['content-type'];
  input.res.writeHead(response.statusCode, { ...(typeof type === 'string' ? { 'content-type': type } : {}), ...input.routeHeaders() });
  await pipeline(response.body as Readable, input.res, { end: false });
  return { kind: 'answered', value: { status: response.statusCode, units: {} } };
}
