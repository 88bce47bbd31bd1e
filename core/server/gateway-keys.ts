import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The key a client presented, in whichever form its own API uses: OpenAI's
 * `Authorization: Bearer`, Anthropic's `x-api-key`, Gemini's `x-goog-api-key` or `?key=`.
 */
export function presentedKey(req: IncomingMessage, url: string): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const apiKey = req.headers['x-api-key'] ?? req.headers['x-goog-api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey;
  const q = url.indexOf('?');
  if (q !== -1) {
    const key = new URLSearchParams(url.slice(q + 1)).get('key');
    if (key) return key;
  }
  return undefined;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/**
 * Identifies which configured gateway key was presented and returns its label, or undefined
 * for none. Only hashes are kept in memory and every configured key is compared in constant
 * time, so neither a heap dump nor response timing gives a key away.
 */
export function createKeyCheck(keys: ReadonlyArray<{ key: string; label: string }>): ((presented: string | undefined) => string | undefined) | null {
  if (keys.length === 0) return null;
  const hashes = keys.map((k) => ({ hash: digest(k.key), label: k.label }));
  return (presented) => {
    if (!presented) return undefined;
    const d = digest(presented);
    let label: string | undefined;
    for (const h of hashes) if (timingSafeEqual(h.hash, d)) label ??= h.label;
    return label;
  };
}
