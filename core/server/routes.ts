import type { OllamaEndpoint, WireFormat } from '../formats/canonical.js';
import { isOllamaPath, matchOllamaRoute, type OllamaModelAction } from './ollama-routes.js';
import type { ServiceEndpoint } from '../providers/types.js';
import { serviceForPath } from '../services/service-paths.js';

export type Route =
  | { kind: 'chat'; format: WireFormat; pathModel?: string; pathStream?: boolean; ollamaEndpoint?: OllamaEndpoint }
  | { kind: 'count_tokens' }
  | { kind: 'service'; endpoint: ServiceEndpoint }
  | { kind: 'models' }
  | { kind: 'health' }
  | { kind: 'control'; method: string }
  | { kind: 'control_events' }
  | { kind: 'login' }
  | { kind: 'logout' }
  | { kind: 'static' }
  | { kind: 'ollama_models'; action: OllamaModelAction }
  | { kind: 'not_found'; format: WireFormat };

const GEMINI_ACTION = /^\/(v1beta|v1)\/models\/(.+):(generateContent|streamGenerateContent)$/;

/** Maps a method and path onto what serves it. Gemini model ids may contain '/'. */
export function matchRoute(method: string, pathname: string): Route {
  if (method === 'POST') {
    switch (pathname) {
      case '/v1/chat/completions':
      case '/chat/completions':
        return { kind: 'chat', format: 'openai-chat' };
      case '/v1/responses':
      case '/responses':
        return { kind: 'chat', format: 'openai-responses' };
      case '/v1/messages':
        return { kind: 'chat', format: 'anthropic' };
      case '/v1/messages/count_tokens':
        return { kind: 'count_tokens' };
    }
    const service = serviceForPath(pathname);
    if (service) return { kind: 'service', endpoint: service };
    const gemini = GEMINI_ACTION.exec(pathname);
    if (gemini) {
      return {
        kind: 'chat',
        format: 'gemini',
        pathModel: decodeSegment(gemini[2]!),
        pathStream: gemini[3] === 'streamGenerateContent',
      };
    }
  }
  // Ollama's API shares the /api/ prefix with the control API; its few paths come first.
  const ollama = matchOllamaRoute(method, pathname);
  if (ollama) return ollama;
  // Every method reaches the control routes, which answer 405 for the wrong one.
  if (pathname === '/api/events') return { kind: 'control_events' };
  if (pathname === '/login') return { kind: 'login' };
  if (pathname === '/logout') return { kind: 'logout' };
  if (pathname.startsWith('/api/')) return { kind: 'control', method: pathname.slice(5) };
  if (method === 'GET') {
    if (pathname === '/v1/models' || pathname === '/v1beta/models' || pathname === '/models') return { kind: 'models' };
    if (pathname === '/health') return { kind: 'health' };
    if (!pathname.startsWith('/v1') && !pathname.startsWith('/api/')) return { kind: 'static' };
  }
  return { kind: 'not_found', format: formatForPath(pathname) };
}

/**
 * A malformed escape ('%' alone) is kept as typed rather than thrown: the model name then
 * fails resolution or the model-id check with a 4xx in the client's shape, never a 500.
 */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Where the path says which API the client speaks, errors use that API's shape. */
export function formatForPath(pathname: string): WireFormat {
  if (isOllamaPath(pathname)) return 'ollama';
  if (pathname.startsWith('/v1beta')) return 'gemini';
  if (pathname.startsWith('/v1/messages')) return 'anthropic';
  if (pathname.includes('responses')) return 'openai-responses';
  return 'openai-chat';
}
