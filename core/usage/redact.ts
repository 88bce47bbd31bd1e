/**
 * Redaction of captured bodies and forwarded error messages. Two rules: values of keys that
 * name credentials are replaced wherever they sit in JSON (also JSON cut short, SSE lines and
 * JSON nested in a string, as tool arguments are), and every known secret (the accounts' API
 * keys, the gateway keys) is replaced wherever it occurs in any text.
 */

export const REDACTED = '[REDACTED]';

// Names are compared without case, "-" and "_", so apiKey, api_key, API-KEY and x-api-key
// all match. Whole names, and endings that name a credential (auth_token, openai_api_key,
// client_secret, private_key, aws secret_access_key); "tokens" is a count, not a credential.
const SENSITIVE_KEYS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'key', 'bearer', 'credentials']);
const SENSITIVE_ENDINGS = ['token', 'apikey', 'secret', 'password', 'passwd', 'privatekey', 'accesskey', 'secretkey', 'signingkey'];

export function isSensitiveKey(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_KEYS.has(n) || SENSITIVE_ENDINGS.some((ending) => n.endsWith(ending));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasSensitiveKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasSensitiveKey);
  if (!isRecord(v)) return false;
  for (const [k, x] of Object.entries(v)) if ((isSensitiveKey(k) && x !== null) || hasSensitiveKey(x)) return true;
  return false;
}

/** A copy of a JSON value with the values of credential keys replaced. */
export function redactJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactJson);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = isSensitiveKey(k) && x !== null ? REDACTED : redactJson(x);
  return out;
}

/** Every occurrence of a known secret, also in its JSON-escaped spelling. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains a shorter one is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length === 0) continue;
    out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

// `"key": "value"`, with the value's closing quote optional (text cut short), and the same
// with every quote escaped (JSON inside a JSON string).
const PLAIN_PAIR = /"([A-Za-z0-9_-]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const ESCAPED_PAIR = /\\"([A-Za-z0-9_-]{1,64})\\"(\s*:\s*)\\"(?:[^"\\]|\\[^"])*(?:\\"|\\?$)/g;

function redactPairs(text: string): string {
  return text
    .replace(PLAIN_PAIR, (m: string, k: string, sep: string) => (isSensitiveKey(k) ? `"${k}"${sep}"${REDACTED}"` : m))
    .replace(ESCAPED_PAIR, (m: string, k: string, sep: string) => (isSensitiveKey(k) ? `\\"${k}\\"${sep}\\"${REDACTED}\\"` : m));
}

/** One JSON document, or one line of text that may end in a JSON document (an SSE data line). */
function redactJsonish(text: string): string {
  const start = text.search(/[{[]/);
  if (start >= 0) {
    let parsed: unknown;
    let ok = true;
    try {
      parsed = JSON.parse(text.slice(start));
    } catch {
      ok = false;
    }
    // Untouched bytes when there is nothing to hide, so a captured body stays byte-faithful.
    if (ok && hasSensitiveKey(parsed)) return redactPairs(text.slice(0, start) + JSON.stringify(redactJson(parsed)));
  }
  return redactPairs(text);
}

/** A body (JSON, SSE or plain text) with credential fields and known secrets replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  const trimmed = text.trimStart();
  const whole = trimmed.startsWith('{') || trimmed.startsWith('[');
  const keyed = whole && !text.includes('\n\n') ? redactJsonish(text) : text.split('\n').map(redactJsonish).join('\n');
  return redactSecrets(keyed, secrets);
}

/** The longest end of `text` that is the start (not the whole) of a secret. */
function partialSecretTail(text: string, secrets: readonly string[]): number {
  let longest = 0;
  for (const secret of secrets) {
    for (let k = Math.min(secret.length - 1, text.length); k > longest; k--) {
      if (text.endsWith(secret.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}

/** Cuts at `limit` bytes without splitting a UTF-8 character. */
export function cutUtf8(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  // Continuation bytes are 10xxxxxx: back up to the start of the character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export interface CappedBody {
  body: string;
  /** The body was longer than the cap and was cut. */
  truncated: boolean;
}

/**
 * Redacts a captured body and cuts it at `limitBytes`. `chunks` are the bytes kept in arrival
 * order (a secret may be split between two of them); `more` says that bytes beyond them were
 * seen and dropped, so a secret may have been cut in two: a trailing start of a secret is
 * then dropped too.
 */
export function redactCapped(opts: { chunks: ReadonlyArray<string | Buffer>; more: boolean; limitBytes: number; secrets: readonly string[] }): CappedBody {
  const joined = Buffer.concat(opts.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  let text = joined.toString('utf8');
  if (opts.more) {
    // A multi-byte character cut at the end decodes to U+FFFD.
    text = text.replace(/\uFFFD+$/, '');
    text = text.slice(0, text.length - partialSecretTail(text, opts.secrets));
  }
  const redacted = redactText(text, opts.secrets);
  const body = cutUtf8(redacted, opts.limitBytes);
  return { body, truncated: opts.more || body.length < redacted.length };
}
