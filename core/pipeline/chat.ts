import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CanonicalError, CanonicalRequest, WireFormat } from '../formats/canonical.js';
import type { CodecContext } from '../formats/codec.js';
import { codecs } from '../formats/registry.js';
import { resolveModel } from '../routing/resolve.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { RouteTable } from '../routing/route-table.js';
import { transportError } from '../upstream/client.js';
import type { UpstreamClient } from '../upstream/client.js';
import { upstreamTarget } from '../upstream/target.js';
import type { RequestRecord } from './request-record.js';
import { invalidRequest, sendError, sendJson } from './respond.js';
import { relayStream } from './stream-relay.js';
import { readText, upstreamErrorToCanonical } from './upstream-error.js';

/** A non-streamed answer bigger than this is not a chat completion. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface ChatDeps {
  routeTable(): RouteTable;
  upstream: UpstreamClient;
  now(): number;
  onFinished(record: RequestRecord): void;
}

export interface ChatCall {
  req: IncomingMessage;
  res: ServerResponse;
  format: WireFormat;
  pathModel?: string;
  pathStream?: boolean;
  requestId: string;
  body: unknown;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Unix ms when the request arrived. */
  ts: number;
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
  return { model, stream: call.body.stream === true };
}

/** The upstream body: the client's own body with only the model rewritten when formats
 * match (full fidelity), otherwise a translation through the canonical model. */
function upstreamBody(
  call: ChatCall,
  target: RouteTarget,
  ctx: CodecContext,
): { ok: true; body: Record<string, unknown>; request?: CanonicalRequest } | { ok: false; error: CanonicalError } {
  const body = call.body as Record<string, unknown>;
  if (target.provider.format === call.format) {
    return { ok: true, body: call.format === 'gemini' ? body : { ...body, model: target.model } };
  }
  const decoded = codecs[call.format].decodeRequest(body, { ...ctx, pathModel: call.pathModel, pathStream: call.pathStream });
  if (!decoded.ok) return decoded;
  return { ok: true, body: codecs[target.provider.format].encodeRequest(decoded.value, { ...ctx, model: target.model }), request: decoded.value };
}

export async function handleChat(deps: ChatDeps, call: ChatCall): Promise<void> {
  const { res } = call;
  const record: RequestRecord = {
    id: call.requestId,
    ts: call.ts,
    clientFormat: call.format,
    requestedModel: '',
    stream: false,
    status: 0,
    latencyMs: 0,
  };
  const finish = (status: number, error?: CanonicalError) => {
    record.status = status;
    record.latencyMs = Math.round(performance.now() - call.startedAt);
    if (error) record.errorCode = error.kind;
    deps.onFinished(record);
  };
  const fail = (error: CanonicalError) => {
    sendError(res, call.format, error);
    finish(error.status, error);
  };

  const asked = requestedModel(call);
  if ('kind' in asked) return fail(asked);
  record.requestedModel = asked.model;
  record.stream = asked.stream;

  const resolved = resolveModel(deps.routeTable(), asked.model);
  if (!resolved.ok) return fail(resolved.error);
  const { target } = resolved;
  record.providerId = target.provider.id;
  record.connectionId = target.connection.id;
  record.connectionLabel = target.connection.label;
  record.upstreamModel = target.model;
  record.upstreamFormat = target.provider.format;

  const ctx: CodecContext = { requestId: call.requestId, now: call.ts };
  const built = upstreamBody(call, target, ctx);
  if (!built.ok) return fail(built.error);

  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });

  let response: Dispatcher.ResponseData;
  try {
    response = await deps.upstream.send(
      upstreamTarget({ provider: target.provider, baseUrl: target.connection.baseUrl, apiKey: target.connection.apiKey, model: target.model, stream: asked.stream }),
      JSON.stringify(built.body),
      abort.signal,
    );
  } catch (err) {
    if (abort.signal.aborted) return finish(499);
    return fail(transportError(err));
  }

  const routeHeaders = {
    'x-omniroute-provider': target.provider.id,
    'x-omniroute-model': target.model,
    'x-omniroute-account': target.connection.label,
  };
  for (const [name, value] of Object.entries(routeHeaders)) res.setHeader(name, value);

  if (response.statusCode >= 400) {
    const error = await upstreamErrorToCanonical(target.provider.format, response, deps.now()).catch(() => transportError(undefined));
    return fail(error);
  }

  // Pass-through never re-encodes the answer, except for an error the gateway synthesises,
  // which does not depend on the request; so the client's body is not decoded there.
  const request = built.request ?? { model: asked.model, system: [], messages: [], stream: asked.stream };
  const encodeCtx = { ...ctx, model: asked.model, request };

  if (asked.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const outcome = await relayStream({
      res,
      body: response.body,
      upstreamFormat: target.provider.format,
      clientFormat: call.format,
      ctx,
      encodeCtx,
      signal: abort.signal,
      startedAt: call.startedAt,
    });
    if (outcome.sawUsage) record.usage = outcome.usage;
    if (outcome.firstByteMs !== undefined) record.ttftMs = Math.round(outcome.firstByteMs);
    if (outcome.clientGone) return finish(499);
    return finish(outcome.error ? outcome.error.status : 200, outcome.error);
  }

  let text: string;
  try {
    text = await readText(response.body, MAX_RESPONSE_BYTES);
  } catch (err) {
    if (abort.signal.aborted) return finish(499);
    return fail(transportError(err));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail({ status: 502, kind: 'api_error', message: 'The upstream provider answered with something that is not JSON.' });
  }
  const decoded = codecs[target.provider.format].decodeResponse(parsed, ctx);
  if (decoded.ok) record.usage = decoded.value.usage;
  if (target.provider.format === call.format) {
    // Pass-through answers with the upstream's own bytes: full fidelity, no re-serialising.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    return finish(200);
  }
  if (!decoded.ok) return fail({ ...decoded.error, status: 502, kind: 'api_error' });
  sendJson(res, 200, codecs[call.format].encodeResponse(decoded.value, encodeCtx));
  finish(200);
}

