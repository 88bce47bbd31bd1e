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
