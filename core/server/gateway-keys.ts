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
 * Checks presented keys against the configured gateway keys. Only their hashes are kept in
 * memory, and comparison takes the same time whatever the key, so neither a heap dump nor
 * response timing gives a key away.
 */
export function createKeyCheck(keys: readonly string[]): ((presented: string | undefined) => boolean) | null {
  if (keys.length === 0) return null;
  const hashes = keys.map(digest);
  return (presented) => {
    if (!presented) return false;
    const d = digest(presented);
    let match = false;
    for (const h of hashes) match = timingSafeEqual(h, d) || match;
    return match;
  };
}
