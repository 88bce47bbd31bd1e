// Which real API an incoming request addresses, and where that API takes its key from.
import type { IncomingHttpHeaders } from 'node:http';
import type { MockFormat } from './types.js';

export type RouteKind = 'generate' | 'models' | 'count-tokens' | 'not-found';

export interface Route {
  format: MockFormat;
  kind: RouteKind;
  /** Model named in the path (Gemini). */
  pathModel?: string;
  /** Gemini :streamGenerateContent. */
  pathStream?: boolean;
  /** Gemini alt=sse; without it a Gemini stream is one JSON array sent piece by piece. */
  sse?: boolean;
}

function geminiRoute(method: string, rest: string, url: URL): Route {
  const colon = rest.lastIndexOf(':');
  const action = colon >= 0 ? rest.slice(colon + 1) : '';
  if (method !== 'POST' || colon < 0 || (action !== 'generateContent' && action !== 'streamGenerateContent')) {
    return { format: 'gemini', kind: 'not-found' };
  }
  return {
    format: 'gemini',
    kind: 'generate',
    pathModel: decodeURIComponent(rest.slice(0, colon)),
    pathStream: action === 'streamGenerateContent',
    sse: url.searchParams.get('alt') === 'sse',
  };
}

export function resolveRoute(method: string, url: URL, headers: IncomingHttpHeaders): Route {
  const path = url.pathname.replace(/\/+$/, '');
  const gemini = /^\/(?:v1beta|v1)\/models\/(.+)$/.exec(path);
  if (gemini?.[1] !== undefined && gemini[1].includes(':')) return geminiRoute(method, gemini[1], url);
  if (path === '/v1beta/models' && method === 'GET') return { format: 'gemini', kind: 'models' };
  if (path.startsWith('/v1beta')) return { format: 'gemini', kind: 'not-found' };
  if (path === '/v1/models' && method === 'GET') {
    return { format: headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai-chat', kind: 'models' };
  }
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
 */
export function apiKeyOf(format: MockFormat, headers: IncomingHttpHeaders, url: URL): string {
  const header = (name: string): string => {
    const v = headers[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  if (format === 'anthropic') return header('x-api-key') || bearer(headers);
  if (format === 'gemini') return header('x-goog-api-key') || (url.searchParams.get('key') ?? '').trim() || bearer(headers);
  return bearer(headers);
}
