import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { ControlApi } from '../control/contract.js';
import type { CanonicalError, WireFormat } from '../formats/canonical.js';
import { handleChat } from '../pipeline/chat.js';
import type { ChatDeps } from '../pipeline/chat.js';
import { handleCountTokens } from '../pipeline/count-tokens.js';
import { modelsListBody } from '../pipeline/models-list.js';
import { invalidRequest, sendError, sendJson } from '../pipeline/respond.js';
import { listModels } from '../routing/route-table.js';
import type { RouteTable } from '../routing/route-table.js';
import { handleControlEvents } from './control-events.js';
import type { ControlEventListener } from './control-events.js';
import { handleControlRequest } from './control-routes.js';
import type { ManagementAuth } from './management-auth.js';
import { modelInScopes, type GatewayKeyring } from './gateway-keyring.js';
import { presentedKey } from './gateway-keys.js';
import type { BrowserGuard } from './browser-guard.js';
import { isLoopbackAddress } from './host-check.js';
import { IdempotencyCache, replay } from './idempotency.js';
import { capConnections, DEFAULT_CONNECTION_CAPS } from './connection-cap.js';
import type { ConnectionCaps } from './connection-cap.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { readBody } from './read-body.js';
import { createRequestIds } from './request-id.js';
import { formatForPath, matchRoute } from './routes.js';
import { handleOllamaModels } from './ollama-routes.js';
import { bodyAsksForStream } from '../formats/stream-framing.js';
import { forwardableHeaders } from '../upstream/forwarded-headers.js';
import { handleService, type ServiceDeps } from '../services/handle-service.js';
import { isUpload } from '../services/service-paths.js';
import { readUpload } from '../services/upload-form.js';
import type { RequestRecord } from '../pipeline/request-record.js';

export interface GatewayServerDeps {
  chat: ChatDeps;
  /** The service endpoints (embeddings, images, audio, moderation, rerank); absent = not served. */
  services?: ServiceDeps & { uploadLimitBytes: number };
  /** The current routing snapshot, for /v1/models and count_tokens. */
  routeTable(): RouteTable;
  isAllowedHost(host: string | undefined): boolean;
  /** Refuses what only a web page sends (foreign Origin, simple content types); see browser-guard.ts. */
  browserGuard?: BrowserGuard;
  /** The gateway keys the model routes accept (the file's and the app's); none at all = open. */
  keyring: GatewayKeyring;
  /** Refuses a gateway key over its spend budget (by label); absent when no key has a budget. */
  checkKeyBudget?: (label: string) => CanonicalError | undefined;
  bodyLimitBytes: number;
  control: ControlApi;
  /** Who may call the control API over HTTP (management-auth.ts). */
  managementAuth: ManagementAuth;
  /** Pushes gateway events to a dashboard listening on /api/events. */
  subscribe(listener: ControlEventListener): () => void;
  /** Serves the built dashboard; resolves false when no file matches. */
  staticFiles?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  health(): Record<string, unknown>;
  /** Shares one upstream call between identical non-streaming requests; absent = off. */
  idempotency?: IdempotencyCache;
  /** Timeouts and connection caps; unset fields take SERVER_LIMITS. */
  limits?: Partial<ServerLimits>;
}

/** How long a client may take to send a request, and how many sockets the server holds. */
export interface ServerLimits {
  /** From connect (or the previous response) to the end of the request headers. */
  headersTimeoutMs: number;
  /** To receive the whole request, body included. Node stops this clock once the request is in. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive socket is kept after a response. */
  keepAliveTimeoutMs: number;
  connections: ConnectionCaps;
}

// Local tools send a request in milliseconds; these bound the time a socket that sends
// nothing, or one byte a second, holds a file descriptor. The request timeout covers
// receiving the request only (Node drops the connection from its check once the request is
// complete), so a long streamed answer is never cut by it. Node derives headersTimeout from
// requestTimeout when it is unset, so `requestTimeout: 0` had switched both off.
export const SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 30_000,
  connections: DEFAULT_CONNECTION_CAPS,
};

/** Declared body bytes in flight at once, as a multiple of the body limit. */
const BODY_BYTES_IN_FLIGHT_FACTOR = 4;

/** The server section's settings that override SERVER_LIMITS. */
export interface ServerLimitSettings {
  maxConnections?: number | undefined;
  maxConnectionsPerAddress?: number | undefined;
  headersTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  keepAliveTimeoutMs?: number | undefined;
}

export function serverLimits(settings: ServerLimitSettings | undefined): ServerLimits {
  const d = SERVER_LIMITS;
  return {
    headersTimeoutMs: settings?.headersTimeoutMs ?? d.headersTimeoutMs,
    requestTimeoutMs: settings?.requestTimeoutMs ?? d.requestTimeoutMs,
    keepAliveTimeoutMs: settings?.keepAliveTimeoutMs ?? d.keepAliveTimeoutMs,
    connections: {
      total: settings?.maxConnections ?? d.connections.total,
      perAddress: settings?.maxConnectionsPerAddress ?? d.connections.perAddress,
    },
  };
}

/** The node:http options that enforce `limits`' timeouts. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    // Node refuses a header timeout longer than the request timeout.
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts on this interval (30 s by default), which would let a
    // slow socket live up to 30 s past them.
    connectionsCheckingInterval: Math.max(250, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createGatewayServer(deps: GatewayServerDeps): Server {
  const nextId = createRequestIds();
  const bodyBytesBudget = BODY_BYTES_IN_FLIGHT_FACTOR * deps.bodyLimitBytes;
  let bodyBytesInFlight = 0;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const ts = deps.chat.now();
    const requestId = nextId();
    res.setHeader('x-request-id', requestId);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);

    if (!deps.isAllowedHost(req.headers.host)) {
      req.resume();
      sendError(res, formatForPath(pathname), {
        status: 403,
        kind: 'permission',
        message: `Host "${req.headers.host ?? ''}" is not allowed. Reach the gateway through 127.0.0.1 or localhost, or add the name to server.allowedHosts.`,
      });
      return;
    }
    const browserRefusal = deps.browserGuard?.(req);
    if (browserRefusal) {
      req.resume();
      sendError(res, formatForPath(pathname), browserRefusal);
      return;
    }

    const match = matchRoute(req.method ?? 'GET', pathname);
    const needsKey = match.kind === 'chat' || match.kind === 'count_tokens' || match.kind === 'service' || match.kind === 'models' || match.kind === 'ollama_models';
    const keysRequired = needsKey && deps.keyring.required();
    const keyOwner = keysRequired ? deps.keyring.identify(presentedKey(req, url), deps.chat.now()) : undefined;
    const keyLabel = keyOwner?.label;
    // Only a scoped key limits the models; the scopes ride along to where the model is known.
    const keyScopes = keyOwner && keyOwner.scopes.length > 0 ? { keyScopes: keyOwner.scopes } : {};
    /** Who a control call comes from, for the audit log: a session, never its secret id. */
    let caller: string | undefined;
    if (match.kind === 'control' || match.kind === 'control_events') {
      const verdict = deps.managementAuth.check(req, match.kind === 'control' ? match.method : undefined);
      if (!verdict.ok) {
        req.resume();
        sendJson(res, verdict.status, { error: { code: verdict.code, message: verdict.message } }, { 'cache-control': 'no-store' });
        return;
      }
      caller = `dashboard session ${verdict.session.idHash.slice(0, 8)}`;
    }
    /** Books a chat request answered without an upstream call (refused, or replayed). */
    const bookUnrouted = (format: WireFormat, fields: { requestedModel: string; status: number; errorCode?: string; endpoint?: RequestRecord['endpoint'] }) =>
      deps.chat.onFinished({
        id: requestId,
        ts,
        clientFormat: format,
        stream: false,
        latencyMs: Math.round(performance.now() - startedAt),
        attempts: 0,
        fallbacks: 0,
        ...fields,
        ...(keyLabel !== undefined ? { keyLabel } : {}),
      });
    // A refused chat request is still one row of the request log: who was turned away, and
    // why. Not an unauthenticated one: anyone who reaches the port could send those in bulk
    // and push the real history out of a size-capped log.
    const refuse = async (error: CanonicalError): Promise<void> => {
      if (match.kind === 'chat' && error.status !== 401) {
        const requestedModel = match.format === 'gemini' ? (match.pathModel ?? '') : '';
        await bookUnrouted(match.format, { requestedModel, status: error.status, errorCode: error.kind });
      } else if (match.kind === 'count_tokens' && error.status !== 401) {
        await bookUnrouted('anthropic', { requestedModel: '', status: error.status, errorCode: error.kind, endpoint: 'count_tokens' });
      } else if (match.kind === 'service' && error.status !== 401) {
        await bookUnrouted('openai-chat', { requestedModel: '', status: error.status, errorCode: error.kind, endpoint: match.endpoint });
      }
      sendError(res, match.kind === 'chat' ? match.format : formatForPath(pathname), error);
    };
    if (keysRequired && keyLabel === undefined) {
      req.resume();
      return refuse({
        status: 401,
        kind: 'authentication',
        message: 'A valid gateway API key is required. Send it as Authorization: Bearer <key>, x-api-key, x-goog-api-key or ?key=.',
      });
    }
    // Spend is booked when a request finishes, so requests already in flight when the key
    // reaches its budget still go through: a key overshoots by at most what those cost.
    const spends = match.kind === 'chat' || match.kind === 'service';
    const overBudget = spends && keyLabel !== undefined ? deps.checkKeyBudget?.(keyLabel) : undefined;
    if (overBudget) {
      req.resume();
      return refuse(overBudget);
    }
    switch (match.kind) {
      case 'health':
        sendJson(res, 200, { status: 'ok', ...deps.health() });
        return;
      case 'ollama_models':
        await handleOllamaModels({ req, res, action: match.action, table: deps.routeTable(), keyScopes: keyOwner?.scopes.length ? keyOwner.scopes : undefined });
        return;
      case 'models': {
        // A scoped key sees the models it may use, not ones that would answer 403.
        const models = listModels(deps.routeTable()).filter((m) => !keyOwner || modelInScopes(m.id, keyOwner.scopes));
        sendJson(res, 200, modelsListBody(req, pathname, models));
        return;
      }
      case 'control':
        await handleControlRequest(deps.control, req, res, match.method, { fromThisMachine: isLoopbackAddress(req.socket.remoteAddress), ...(caller ? { caller } : {}) });
        return;
      case 'control_events':
        handleControlEvents(req, res, deps.subscribe);
        return;
      case 'login':
        req.resume();
        deps.managementAuth.handleLogin(req, res, url);
        return;
      case 'logout':
        req.resume();
        deps.managementAuth.handleLogout(req, res);
        return;
      case 'static':
        if (deps.staticFiles && (await deps.staticFiles(req, res, pathname))) return;
        sendError(res, 'openai-chat', { status: 404, kind: 'not_found', message: `Nothing is served at ${pathname}.` });
        return;
      case 'not_found':
        req.resume();
        sendError(res, match.format, {
          status: 404,
          kind: 'not_found',
          message: `No endpoint ${req.method} ${pathname}. The gateway serves /v1/chat/completions, /v1/responses, /v1/messages and /v1beta/models/{model}:generateContent.`,
        });
        return;
    }

    const serviceCall = { req, res, requestId, startedAt, ts, ...(keyLabel !== undefined ? { keyLabel } : {}), ...keyScopes };
    const { services } = deps;
    if (match.kind === 'service' && !services) {
      req.resume();
      return refuse({ status: 404, kind: 'not_found', message: `No endpoint ${req.method} ${pathname} on this gateway.` });
    }
    // An upload is read as it arrives, file parts to disk (services/upload-form.ts), not as one body.
    if (match.kind === 'service' && services && isUpload(match.endpoint)) {
      const upload = await readUpload(req, { maxFileBytes: services.uploadLimitBytes });
      if (!upload.ok) return refuse({ status: upload.status, kind: upload.status === 413 ? 'request_too_large' : 'invalid_request', message: upload.message });
      await handleService(services, { ...serviceCall, endpoint: match.endpoint, request: { kind: 'upload', form: upload.form } });
      return;
    }

    // A large body costs several times its size on its way through the pipeline, so eight
    // 32 MiB bodies at once peaked at 2.2 GiB. The declared bytes of bodies in flight are
    // capped; one body alone always passes. (A chunked body declares nothing and is bounded
    // by the body limit only.)
    const declared = Number(req.headers['content-length']);
    const reserved = Number.isInteger(declared) && declared > 0 ? declared : 0;
    if (reserved > 0) {
      if (bodyBytesInFlight > 0 && bodyBytesInFlight + reserved > bodyBytesBudget) {
        req.resume();
        res.setHeader('connection', 'close');
        return refuse({
          status: 503,
          kind: 'overloaded',
          message: 'The gateway is reading too many large request bodies at once. Retry shortly.',
          retryAfter: 1,
        });
      }
      bodyBytesInFlight += reserved;
      res.once('close', () => (bodyBytesInFlight -= reserved));
    }
    const body = await readBody(req, deps.bodyLimitBytes);
    if (!body.ok) {
      if (body.reason === 'too_large') {
        res.setHeader('connection', 'close');
        await refuse({
          status: 413,
          kind: 'request_too_large',
          message: `The request body is larger than the gateway's limit of ${deps.bodyLimitBytes} bytes.`,
        });
      }
      return;
    }
    if (nestsDeeperThan(body.body, MAX_JSON_DEPTH)) {
      return refuse(invalidRequest(`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`));
    }
    let json: unknown;
    try {
      json = JSON.parse(body.body.toString('utf8'));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return refuse(invalidRequest(`The request body is not valid JSON: ${detail}`));
    }

    if (match.kind === 'service') {
      if (!isJsonObject(json)) return refuse(invalidRequest('The request body must be a JSON object.'));
      if (services) await handleService(services, { ...serviceCall, endpoint: match.endpoint, request: { kind: 'json', body: json } });
      return;
    }
    if (match.kind === 'count_tokens') {
      await handleCountTokens(deps.chat, { res, requestId, body: json, headers: req.headers, startedAt, ts, ...(keyLabel !== undefined ? { keyLabel } : {}), ...keyScopes });
      return;
    }
    const run = () =>
      handleChat(deps.chat, {
        req,
        res,
        format: match.format,
        pathModel: match.pathModel,
        pathStream: match.pathStream,
        ollamaEndpoint: match.ollamaEndpoint,
        requestId,
        body: json,
        startedAt,
        ts,
        ...(keyLabel !== undefined ? { keyLabel } : {}),
        ...keyScopes,
      });
    // Only a request that carries an Idempotency-Key is ever shared: without one, two equal
    // requests are two generations (see idempotency.ts). Streams are never shared.
    const streaming = match.format === 'gemini' ? match.pathStream === true : bodyAsksForStream(match.format, json);
    const idempotencyKey = req.headers['idempotency-key'];
    if (!deps.idempotency || streaming || typeof idempotencyKey !== 'string' || idempotencyKey === '') return run();
    const key = IdempotencyCache.key({ clientKey: presentedKey(req, url), path: pathname, idempotencyKey, forwarded: forwardableHeaders(req.headers) });
    const bodyHash = IdempotencyCache.bodyHash(json);
    const requestedModel = match.format === 'gemini' ? (match.pathModel ?? '') : String((json as { model?: unknown } | null)?.model ?? '');
    const shared = deps.idempotency.lookup(key, bodyHash);
    if (shared.kind === 'new') return deps.idempotency.lead(key, bodyHash, res, run);
    if (shared.kind === 'mismatch') {
      // What APIs with idempotency keys answer (IETF draft-ietf-httpapi-idempotency-key-header):
      // 422, since the key names a request already made with other content.
      const error: CanonicalError = {
        status: 422,
        kind: 'invalid_request',
        message: `The Idempotency-Key "${idempotencyKey}" was already used for a request with a different body. Send a new key for a new request.`,
      };
      await bookUnrouted(match.format, { requestedModel, status: error.status, errorCode: error.kind });
      sendError(res, match.format, error);
      return;
    }
    const answer = shared.kind === 'replay' ? shared.response : await shared.response;
    if (!answer) return run();
    await bookUnrouted(match.format, { requestedModel, status: answer.status });
    replay(res, answer);
  }

  const limits: ServerLimits = { ...SERVER_LIMITS, ...deps.limits };
  const server = createServer(serverOptions(limits), (req, res) => {
    route(req, res).catch((err: unknown) => {
      // A bug, not a client error: answer 500 and keep serving.
      const message = err instanceof Error ? err.message : String(err);
      process.emitWarning(`omniroute: request failed: ${message}`);
      if (!res.headersSent) sendError(res, 'openai-chat', { status: 500, kind: 'api_error', message: 'Internal gateway error.' });
      else res.destroy();
    });
  });
  capConnections(server, limits.connections);
  return server;
}
