import { request, type Dispatcher } from 'undici';
import { readText } from '../upstream/read-text.js';

/** Usage endpoints answer with a small JSON object; anything larger is not one. */
const MAX_BODY_BYTES = 256 * 1024;

/** GETs a provider's usage endpoint; `json` is undefined when the body is not JSON. */
export async function fetchUsageJson(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  dispatcher?: Dispatcher,
): Promise<{ status: number; json: unknown }> {
  const response = await request(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, signal, ...(dispatcher ? { dispatcher } : {}) });
  const text = await readText(response.body, MAX_BODY_BYTES);
  try {
    return { status: response.statusCode, json: JSON.parse(text) as unknown };
  } catch {
    // Not JSON, or larger than any usage object (cut at the cap).
    return { status: response.statusCode, json: undefined };
  }
}
