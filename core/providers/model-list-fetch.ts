/**
 * Reads the models an account sees from its provider's own list endpoint: `GET <base>/models`
 * in every format this gateway speaks (OpenAI and compatibles, Anthropic, Gemini), each with
 * its own auth header and answer shape.
 */
import { request, type Dispatcher } from 'undici';
import { accountBaseUrl, authHeaders } from '../upstream/target.js';
import { upstreamErrorToCanonical } from '../pipeline/upstream-error.js';
import { readText } from '../upstream/read-text.js';
import { transportError } from '../upstream/client.js';
import type { ProviderDescriptor } from './types.js';

/** OpenRouter's list (the largest known) is well under a megabyte; this bounds a hostile one. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;
/** More ids than any provider serves; a list beyond it is cut, not trusted whole. */
const MAX_MODELS = 5000;
const MODEL_ID = /^[\x21-\x7e]{1,200}$/;

export type ModelListResult = { ok: true; models: string[] } | { ok: false; status: number | null; message: string };

export async function fetchModelList(opts: {
  provider: ProviderDescriptor;
  baseUrl?: string | undefined;
  apiKey: string;
  signal: AbortSignal;
  now: () => number;
  /** The account's way out (its proxy, or direct); absent = undici's global dispatcher. */
  dispatcher?: Dispatcher;
}): Promise<ModelListResult> {
  const { provider } = opts;
  const base = accountBaseUrl(provider, opts.baseUrl);
  // Both list endpoints page; one large page holds every model they serve.
  const query = provider.format === 'anthropic' ? '?limit=1000' : provider.format === 'gemini' ? '?pageSize=1000' : '';
  let response;
  try {
    response = await request(`${base}/models${query}`, {
      method: 'GET',
      headers: { accept: 'application/json', ...provider.headers, ...authHeaders(provider.auth, opts.apiKey) },
      signal: opts.signal,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
  } catch (error) {
    return { ok: false, status: null, message: transportError(error).message };
  }
  if (response.statusCode >= 400) {
    const error = await upstreamErrorToCanonical(provider.format, response, opts.now(), [opts.apiKey]);
    return { ok: false, status: response.statusCode, message: error.message };
  }
  let body: unknown;
  try {
    body = JSON.parse(await readText(response.body, MAX_LIST_BYTES));
  } catch {
    return { ok: false, status: response.statusCode, message: 'The provider answered the model list with something that is not JSON.' };
  }
  const models = readModelIds(provider.format, body);
  if (models === undefined) return { ok: false, status: response.statusCode, message: 'The provider answered the model list in a shape this gateway does not know.' };
  return { ok: true, models };
}

/** The ids in a list answer; undefined when the answer has no list at all. */
export function readModelIds(format: ProviderDescriptor['format'], body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const ids: string[] = [];
  if (format === 'gemini') {
    const models = (body as { models?: unknown }).models;
    if (!Array.isArray(models)) return undefined;
    for (const m of models) {
      if (typeof m !== 'object' || m === null) continue;
      const { name, supportedGenerationMethods } = m as { name?: unknown; supportedGenerationMethods?: unknown };
      // Embedding-only and other models cannot answer a chat request.
      if (Array.isArray(supportedGenerationMethods) && !supportedGenerationMethods.includes('generateContent')) continue;
      if (typeof name === 'string') ids.push(name.replace(/^models\//, ''));
    }
  } else {
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) return undefined;
    for (const m of data) if (typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string') ids.push((m as { id: string }).id);
  }
  return cleanModelIds(ids);
}

/** The ids a gateway can route to: printable, unique, and no more than any provider serves. */
export function cleanModelIds(ids: readonly unknown[]): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && MODEL_ID.test(id)))].slice(0, MAX_MODELS);
}
