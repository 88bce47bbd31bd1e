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
};

const HEADERS_BY_FORMAT: Partial<Record<WireFormat, Record<string, string>>> = {
  anthropic: { 'anthropic-version': '2023-06-01' },
};

/** A user-declared OpenAI-, Anthropic-, Responses- or Gemini-compatible endpoint. */
export function customProvider(input: CustomProviderInput): ProviderDescriptor {
  const headers = HEADERS_BY_FORMAT[input.format];
  return {
    id: input.id,
    prefix: input.id,
    name: input.name ?? input.id,
    tier: 'custom',
    format: input.format,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    auth: AUTH_BY_FORMAT[input.format],
    ...(headers ? { headers } : {}),
    models: (input.models ?? []).map((id) => ({ id })),
  };
}
