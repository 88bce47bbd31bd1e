// Which real API an incoming request addresses, and where that API takes its key from.
import type { IncomingHttpHeaders } from 'node:http';
import { dialectOf } from './formats.js';
import type { MockFormat } from './types.js';

export type RouteKind = 'generate' | 'models' | 'count-tokens' | 'endpoint' | 'not-found';

export interface Route {
  format: MockFormat;
  kind: RouteKind;
  /** Model named in the path (Gemini). */
  pathModel?: string;
  /** Gemini :streamGenerateContent. */
  pathStream?: boolean;
  /** Gemini alt=sse; without it a Gemini stream is one JSON array sent piece by piece. */
  sse?: boolean;
  /** Which operation of an endpoint family: Gemini embed's method, Ollama's /api route. */
  action?: string;
}

const GEMINI_GENERATE = new Set(['generateContent', 'streamGenerateContent']);
const GEMINI_EMBED = new Set(['embedContent', 'batchEmbedContents']);

/** OpenAI-style endpoints beside chat, by path (POST only). */
const OPENAI_ENDPOINTS: Record<string, MockFormat> = {
  '/v1/embeddings': 'openai-embeddings',
  '/v1/images/generations': 'openai-images',
  '/v1/audio/transcriptions': 'openai-transcriptions',
  '/v1/audio/speech': 'openai-speech',
  '/v1/moderations': 'openai-moderations',
  // Cohere v1, Jina, Together and vLLM serve /v1/rerank; Cohere v2 /v2/rerank.
  '/v1/rerank': 'rerank',
  '/v2/rerank': 'rerank',
};

/** Ollama's native routes, by "METHOD path" (gin registers HEAD beside GET for these two). */
const OLLAMA_ROUTES: Record<string, string> = {
  'GET /': 'root',
  'HEAD /': 'root',
  'GET /api/version': 'version',
  'HEAD /api/version': 'version',
  'GET /api/tags': 'tags',
  'HEAD /api/tags': 'tags',
  'POST /api/show': 'show',
  'POST /api/chat': 'chat',
  'POST /api/generate': 'generate',
  'POST /api/embed': 'embed',
};

function geminiRoute(method: string, rest: string, url: URL): Route {
  const colon = rest.lastIndexOf(':');
  const action = colon >= 0 ? rest.slice(colon + 1) : '';
  const embed = GEMINI_EMBED.has(action);
  if (method !== 'POST' || colon < 0 || !(embed || GEMINI_GENERATE.has(action))) return { format: 'gemini', kind: 'not-found' };
  const pathModel = decodeURIComponent(rest.slice(0, colon));
  if (embed) return { format: 'gemini-embed', kind: 'endpoint', pathModel, action };
  return {
    format: 'gemini',
    kind: 'generate',
    pathModel,
    pathStream: action === 'streamGenerateContent',
    sse: url.searchParams.get('alt') === 'sse',
  };
}

export function resolveRoute(method: string, url: URL, headers: IncomingHttpHeaders): Route {
  const path = url.pathname === '/' ? '/' : url.pathname.replace(/\/+$/, '');
  const gemini = /^\/(?:v1beta|v1)\/models\/(.+)$/.exec(path);
  if (gemini?.[1] !== undefined && gemini[1].includes(':')) return geminiRoute(method, gemini[1], url);
  if (path === '/v1beta/models' && method === 'GET') return { format: 'gemini', kind: 'models' };
  if (path.startsWith('/v1beta')) return { format: 'gemini', kind: 'not-found' };
  if (path === '/v1/models' && method === 'GET') {
    return { format: headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai-chat', kind: 'models' };
  }
  const ollama = OLLAMA_ROUTES[`${method} ${path}`];
  if (ollama !== undefined) return { format: 'ollama', kind: 'endpoint', action: ollama };
  if (path.startsWith('/api/')) return { format: 'ollama', kind: 'not-found' };
  const endpoint = OPENAI_ENDPOINTS[path];
  if (endpoint !== undefined) return { format: endpoint, kind: method === 'POST' ? 'endpoint' : 'not-found' };
  if (method === 'POST' && path === '/v1/chat/completions') return { format: 'openai-chat', kind: 'generate' };
  if (method === 'POST' && path === '/v1/responses') return { format: 'openai-responses', kind: 'generate' };
  if (method === 'POST' && path === '/v1/messages') return { format: 'anthropic', kind: 'generate' };
  if (method === 'POST' && path === '/v1/messages/count_tokens') return { format: 'anthropic', kind: 'count-tokens' };
  if (path.startsWith('/v1/messages')) return { format: 'anthropic', kind: 'not-found' };
  if (path.startsWith('/v1/responses')) return { format: 'openai-responses', kind: 'not-found' };
  return { format: 'openai-chat', kind: 'not-found' };
}

function bearer(headers: IncomingHttpHeaders): string {
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(.*)$/i.exec(auth) : null;
  return m?.[1]?.trim() ?? '';
}

/**
 * OpenAI takes `Authorization: Bearer`; Anthropic `x-api-key` (or a Bearer OAuth token, as
 * Claude subscriptions send); Gemini `x-goog-api-key` or `?key=` (or a Bearer OAuth token).
 * Ollama asks for none; a Bearer token sent anyway is recorded.
 */
export function apiKeyOf(format: MockFormat, headers: IncomingHttpHeaders, url: URL): string {
  const header = (name: string): string => {
    const v = headers[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  const dialect = dialectOf(format);
  if (dialect === 'anthropic') return header('x-api-key') || bearer(headers);
  if (dialect === 'gemini') return header('x-goog-api-key') || (url.searchParams.get('key') ?? '').trim() || bearer(headers);
  return bearer(headers);
}
