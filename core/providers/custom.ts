import type { WireFormat } from '../formats/canonical.js';
import type { AuthKind, ProviderDescriptor } from './types.js';

export interface CustomProviderInput {
  id: string;
  name?: string;
  format: WireFormat;
  baseUrl: string;
  models?: string[];
}

/** Each wire format's own way of sending a key, for providers declared by the user. */
const AUTH_BY_FORMAT: Record<WireFormat, AuthKind> = {
  'openai-chat': 'bearer',
  'openai-responses': 'bearer',
  anthropic: 'x-api-key',
  gemini: 'x-goog-api-key',
  // Ollama asks for no key; the proxies put in front of it to require one take a bearer token.
  ollama: 'bearer',
};

const HEADERS_BY_FORMAT: Partial<Record<WireFormat, Record<string, string>>> = {
  anthropic: { 'anthropic-version': '2023-06-01' },
};

/**
 * The service endpoints a compatible server is assumed to have: an OpenAI-compatible one may
 * serve any of OpenAI's (one it lacks answers with its own 404, which the client gets); a
 * Gemini-compatible one embeds; Anthropic's API has none.
 */
const OPENAI_PATHS: ProviderDescriptor['endpoints'] = {
  embeddings: '/embeddings',
  images: '/images/generations',
  transcriptions: '/audio/transcriptions',
  speech: '/audio/speech',
  moderations: '/moderations',
  rerank: '/rerank',
};
const ENDPOINTS_BY_FORMAT: Partial<Record<WireFormat, ProviderDescriptor['endpoints']>> = {
  'openai-chat': OPENAI_PATHS,
  'openai-responses': OPENAI_PATHS,
  gemini: { embeddings: ':batchEmbedContents' },
};

/** A user-declared OpenAI-, Anthropic-, Responses-, Gemini- or Ollama-compatible endpoint. */
export function customProvider(input: CustomProviderInput): ProviderDescriptor {
  const headers = HEADERS_BY_FORMAT[input.format];
  const endpoints = ENDPOINTS_BY_FORMAT[input.format];
  return {
    id: input.id,
    prefix: input.id,
    name: input.name ?? input.id,
    tier: 'custom',
    format: input.format,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    auth: AUTH_BY_FORMAT[input.format],
    ...(headers ? { headers } : {}),
    ...(endpoints ? { endpoints } : {}),
    models: (input.models ?? []).map((id) => ({ id })),
  };
}
