import type { WireFormat } from '../formats/canonical.js';
import { STREAM_FRAMING } from '../formats/stream-framing.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { ParsedProxy } from './proxy-url.js';

export interface UpstreamTarget {
  url: string;
  headers: Record<string, string>;
  /** The proxy to reach the URL through (the account's, core/network); absent = direct. */
  proxy?: ParsedProxy | undefined;
}

/** Each format's endpoint path below the provider's versioned base URL. */
function pathFor(format: WireFormat, model: string, stream: boolean): string {
  switch (format) {
    case 'openai-chat':
      return '/chat/completions';
    case 'openai-responses':
      return '/responses';
    case 'anthropic':
      return '/messages';
    case 'gemini':
      // Gemini puts the model and the streaming choice in the path; alt=sse asks for SSE
      // framing instead of one JSON array.
      // One encoded path segment: a model id can never climb out of /models/ or add a query.
      return `/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
    // Ollama's native API has no version segment: its base URL is the server's root.
    case 'ollama':
      return '/api/chat';
  }
}

// Control characters, '?', '#', '%' (an escape that some hop would decode) and '\\' have no
// place in a provider's model id; a '..' segment could climb the upstream path.
const UNSAFE_MODEL = /[\u0000-\u001f\u007f?#%\\]|(^|\/)\.\.?(\/|$)/;

/**
 * Why a provider model id must not be sent, or undefined when it is fine. Checked before any
 * upstream call: the id reaches the provider's URL (Gemini) or its body, with the account's key.
 * Gemini ids are one '/'-free path segment; OpenAI-format ids may contain '/' (OpenRouter).
 */
export function unsafeModelId(format: WireFormat, model: string): string | undefined {
  if (model === '' || UNSAFE_MODEL.test(model) || (format === 'gemini' && model.includes('/'))) {
    return `The model id "${model}" is not a valid model id for this provider.`;
  }
  return undefined;
}

/** Where an account's calls go: its own base URL, else its provider's, without a trailing slash. */
export function accountBaseUrl(provider: Pick<ProviderDescriptor, 'baseUrl'>, baseUrl: string | undefined): string {
  return (baseUrl ?? provider.baseUrl).replace(/\/+$/, '');
}

/** The header that carries an account's key, in the form its provider's API wants. */
export function authHeaders(auth: ProviderDescriptor['auth'], apiKey: string): Record<string, string> {
  // A keyless account (a model server on this machine) sends no credential at all.
  if (apiKey === '') return {};
  switch (auth) {
    case 'bearer':
      return { authorization: `Bearer ${apiKey}` };
    case 'x-api-key':
      return { 'x-api-key': apiKey };
    case 'x-goog-api-key':
      return { 'x-goog-api-key': apiKey };
  }
}

/** Beta flags are comma-separated lists: the provider's own and the client's both apply. */
function betaList(providerValue: string, clientValue: string): string {
  const flags = [...providerValue.split(','), ...clientValue.split(',')].map((f) => f.trim()).filter((f) => f !== '');
  return [...new Set(flags)].join(',');
}

export function upstreamTarget(opts: {
  provider: ProviderDescriptor;
  baseUrl?: string | undefined;
  apiKey: string;
  model: string;
  stream: boolean;
  /** Client headers allowed through (forwarded-headers.ts); they never replace the auth header. */
  forwarded?: Record<string, string> | undefined;
  proxy?: ParsedProxy | undefined;
}): UpstreamTarget {
  const { provider } = opts;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: opts.stream ? (STREAM_FRAMING[provider.format] === 'ndjson' ? 'application/x-ndjson' : 'text/event-stream') : 'application/json',
    ...provider.headers,
  };
  for (const [name, value] of Object.entries(opts.forwarded ?? {})) {
    const own = headers[name];
    // The client's API version wins: its body is written for that version.
    headers[name] = own !== undefined && name.endsWith('-beta') ? betaList(own, value) : value;
  }
  Object.assign(headers, authHeaders(provider.auth, opts.apiKey));
  const base = accountBaseUrl(provider, opts.baseUrl);
  return { url: base + pathFor(provider.format, opts.model, opts.stream), headers, ...(opts.proxy ? { proxy: opts.proxy } : {}) };
}
