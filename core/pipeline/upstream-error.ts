import type { Dispatcher } from 'undici';
import type { CanonicalError, WireFormat } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';
import { retryAfterAt } from '../routing/retry-hints.js';
import { redactSecrets } from '../usage/redact.js';
import { readText } from '../upstream/read-text.js';

const MAX_ERROR_BODY = 64 * 1024;

export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The upstream's error as its codec reads it, and the parsed body for failure classification. */
export async function upstreamErrorToCanonical(
  format: WireFormat,
  response: Dispatcher.ResponseData,
  now: number,
  /** Known secrets (the key the request was sent with), replaced in the message the client gets. */
  secrets: readonly string[] = [],
): Promise<CanonicalError & { rawBody: unknown }> {
  // Providers sometimes answer errors in plain text or HTML; a bounded read is enough.
  const text = await readText(response.body, MAX_ERROR_BODY);
  const rawBody = parseMaybeJson(text);
  const decoded = codecs[format].decodeError(response.statusCode, rawBody);
  const error = secrets.length > 0 ? { ...decoded, message: redactSecrets(decoded.message, secrets) } : decoded;
  const at = retryAfterAt(response.headers, now);
  const retryAfter = at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
  return { ...error, ...(retryAfter === undefined ? {} : { retryAfter }), rawBody };
}
