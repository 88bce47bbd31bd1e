/**
 * The gateway as an Ollama server, for tools that speak only Ollama's native API: POST
 * /api/chat and /api/generate are chat requests in the 'ollama' wire format (routed, logged
 * and metered like any other); GET /api/tags and POST /api/show describe the models a client
 * may name, and GET /api/version says which Ollama API this is. The model routes need the
 * same gateway key as /v1 (Ollama clients send `Authorization: Bearer <key>` when given one),
 * and the browser guard applies to them as to every route. Every other `/api/<method>` stays
 * the control API.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CanonicalError, OllamaEndpoint } from '../formats/canonical.js';
import { invalidRequest, sendError, sendJson } from '../pipeline/respond.js';
import type { ModelInfo } from '../providers/types.js';
import { resolveGroups } from '../routing/resolve.js';
import { listModels, type RouteTable } from '../routing/route-table.js';
import { modelInScopes } from './gateway-keyring.js';
import { readBody } from './read-body.js';

export type OllamaModelAction = 'tags' | 'show' | 'version';

export type OllamaRoute =
  | { kind: 'chat'; format: 'ollama'; ollamaEndpoint: OllamaEndpoint }
  | { kind: 'ollama_models'; action: OllamaModelAction }
  | { kind: 'not_found'; format: 'ollama' };

/** The Ollama API version whose shapes the gateway answers in (api/types.go of that release). */
export const OLLAMA_API_VERSION = '0.12.0';

const ROUTES: Readonly<Record<string, { method: string; route: OllamaRoute }>> = {
  '/api/chat': { method: 'POST', route: { kind: 'chat', format: 'ollama', ollamaEndpoint: 'chat' } },
  '/api/generate': { method: 'POST', route: { kind: 'chat', format: 'ollama', ollamaEndpoint: 'generate' } },
  '/api/tags': { method: 'GET', route: { kind: 'ollama_models', action: 'tags' } },
  '/api/show': { method: 'POST', route: { kind: 'ollama_models', action: 'show' } },
  '/api/version': { method: 'GET', route: { kind: 'ollama_models', action: 'version' } },
};

/** Whether the path is one of Ollama's, whose errors use Ollama's `{"error": "..."}` shape. */
export function isOllamaPath(pathname: string): boolean {
  return Object.hasOwn(ROUTES, pathname);
}

/**
 * The route of an Ollama path, or undefined for any other path. The wrong method on one of
 * these paths is a 404 in Ollama's shape (what Ollama's own router answers), not a control call.
 */
export function matchOllamaRoute(method: string, pathname: string): OllamaRoute | undefined {
  if (!isOllamaPath(pathname)) return undefined;
  const entry = ROUTES[pathname]!;
  const fits = method === entry.method || (entry.method === 'GET' && method === 'HEAD');
  return fits ? entry.route : { kind: 'not_found', format: 'ollama' };
}

/** /api/show takes `{"model": ...}` (or the older `name`); nothing near this size. */
const SHOW_BODY_LIMIT = 64 * 1024;

/** No model the gateway routes has a file on disk: these stand where Ollama puts file facts. */
const NO_FILE_TIME = '1970-01-01T00:00:00Z';

interface Described {
  name: string;
  info?: ModelInfo | undefined;
}

export async function handleOllamaModels(opts: {
  req: IncomingMessage;
  res: ServerResponse;
  action: OllamaModelAction;
  table: RouteTable;
  /** The models the caller's gateway key may use; absent = every model. */
  keyScopes?: readonly string[] | undefined;
}): Promise<void> {
  const { req, res, table } = opts;
  const mayUse = (model: string) => !opts.keyScopes || modelInScopes(model, opts.keyScopes);
  switch (opts.action) {
    case 'version':
      req.resume();
      sendJson(res, 200, { version: OLLAMA_API_VERSION });
      return;
    case 'tags': {
      req.resume();
      // A scoped key sees the models it may use, as on /v1/models.
      const models = listModels(table).filter((m) => mayUse(m.id));
      sendJson(res, 200, { models: models.map((m) => tagEntry({ name: m.id, info: modelInfo(table, m.id) })) });
      return;
    }
    case 'show': {
      const name = await shownModel(req);
      if (typeof name !== 'string') return sendError(res, 'ollama', name);
      const resolved = resolveGroups(table, name);
      // A model the key may not use is one it cannot see: the same answer as an unknown one.
      if (!resolved.ok || !mayUse(name)) return sendError(res, 'ollama', { status: 404, kind: 'not_found', message: `model '${name}' not found` });
      sendJson(res, 200, showBody({ name, info: modelInfo(table, name) }));
      return;
    }
  }
}

async function shownModel(req: IncomingMessage): Promise<string | CanonicalError> {
  const body = await readBody(req, SHOW_BODY_LIMIT);
  if (!body.ok) return body.reason === 'too_large' ? { status: 413, kind: 'request_too_large', message: 'request body too large' } : invalidRequest('missing request body');
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    return invalidRequest('invalid JSON in the request body');
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
  const model = 'model' in record && typeof record.model === 'string' && record.model !== '' ? record.model : 'name' in record ? record.name : undefined;
  // Ollama's own message for a show request that names nothing.
  return typeof model === 'string' && model !== '' ? model : invalidRequest('model is required');
}

/** The declared model a routable name resolves to first (an alias or combo: its first member). */
function modelInfo(table: RouteTable, name: string): ModelInfo | undefined {
  const resolved = resolveGroups(table, name);
  if (!resolved.ok) return undefined;
  const first = resolved.groups[0];
  return first?.provider.models.find((m) => m.id === first.model);
}

/** What the model does, in Ollama's capability names (types/model/capability.go). */
function capabilities(info: ModelInfo | undefined): string[] {
  if (info?.kind === 'embedding') return ['embedding'];
  if (info?.kind !== undefined && info.kind !== 'chat') return [];
  return ['completion', 'tools'];
}

function details(info: ModelInfo | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { parent_model: '', format: '', family: '', families: [], parameter_size: '', quantization_level: '' };
  if (info?.contextWindow !== undefined) out.context_length = info.contextWindow;
  return out;
}

/** A stable stand-in for the manifest digest Ollama lists: clients show it and compare it. */
function digest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function tagEntry(m: Described): Record<string, unknown> {
  return { name: m.name, model: m.name, modified_at: NO_FILE_TIME, size: 0, digest: digest(m.name), details: details(m.info), capabilities: capabilities(m.info) };
}

/**
 * Ollama clients read a model's context length from `model_info["<architecture>.context_length"]`
 * (Ollama has no other field for it in older releases), so the gateway names an architecture.
 */
function showBody(m: Described): Record<string, unknown> {
  const modelInfo: Record<string, unknown> = { 'general.architecture': 'omniroute' };
  if (m.info?.contextWindow !== undefined) modelInfo['omniroute.context_length'] = m.info.contextWindow;
  return {
    modelfile: '',
    parameters: '',
    template: '',
    details: details(m.info),
    model_info: modelInfo,
    capabilities: capabilities(m.info),
    modified_at: NO_FILE_TIME,
  };
}
