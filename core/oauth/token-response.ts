/**
 * Reads a token endpoint's answer (RFC 6749 §5.1 success, §5.2 error) into a value. Nothing here
 * throws, and no message ever quotes a token or the raw body (it may hold one).
 */

/** What a successful token response gives; assignable to the vault's `OAuthTokens`. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Unix ms, from `expires_in` and the caller's clock; absent when the server gave no lifetime. */
  expiresAt?: number;
  scope?: string;
  tokenType?: string;
  /** OpenID Connect id token (Codex reads its account id from it). */
  idToken?: string;
  /** Other top-level fields a provider adds (Qwen's `resource_url`, Claude's `account`). */
  extra?: Record<string, unknown>;
}

/** RFC 6749 §5.2 codes, plus `network`, `aborted`, `server` (5xx) and `unexpected_response`. */
export type TokenErrorCode = 'invalid_grant' | 'invalid_client' | 'network' | 'aborted' | 'server' | 'unexpected_response' | (string & {});

export interface TokenError {
  ok: false;
  error: TokenErrorCode;
  description?: string;
  status?: number;
}

export type TokenResult = { ok: true; tokens: TokenSet } | TokenError;

/** Server-written descriptions are shown to the user; a cap keeps a runaway one readable. */
const MAX_DESCRIPTION = 300;
const KNOWN = new Set(['access_token', 'refresh_token', 'expires_in', 'scope', 'token_type', 'id_token']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `expires_in` is a number of seconds (§5.1); some servers send it as a numeric string. */
function seconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The error in a body: RFC 6749 §5.2 `{error, error_description}`, or the `{error: {code|type,
 * message}}` object OpenAI's auth server answers with (e.g. `refresh_token_reused`).
 */
export function readOAuthError(body: unknown, secrets: readonly string[] = []): { error: string; description?: string } | undefined {
  if (!isRecord(body)) return undefined;
  const { error } = body;
  const code = nonEmptyString(error) ?? (isRecord(error) ? nonEmptyString(error.code) ?? nonEmptyString(error.type) : undefined);
  if (code === undefined) return undefined;
  const description = nonEmptyString(body.error_description) ?? (isRecord(error) ? nonEmptyString(error.message) : undefined);
  return description === undefined ? { error: code } : { error: code, description: redact(description, secrets).slice(0, MAX_DESCRIPTION) };
}

/**
 * Some servers quote the rejected value back ("invalid refresh token: …"); what this client sent
 * (code, verifier, refresh token, secret) is cut out before a description can reach a log or the UI.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

export function readTokenResponse(opts: { status: number; text: string; now: () => number; secrets?: readonly string[] }): TokenResult {
  const { status } = opts;
  let body: unknown;
  try {
    body = JSON.parse(opts.text);
  } catch {
    body = undefined;
  }
  // GitHub answers device-flow errors with 200 and an error body, so the body decides first.
  const oauthError = readOAuthError(body, opts.secrets);
  if (oauthError) return { ok: false, ...oauthError, status };
  if (status >= 500) return { ok: false, error: 'server', description: `The token endpoint failed (HTTP ${status}); try again later.`, status };
  if (status === 429) return { ok: false, error: 'rate_limited', description: 'The token endpoint is rate limiting; try again later.', status };
  if (status < 200 || status >= 300) return { ok: false, error: 'unexpected_response', description: `The token endpoint answered HTTP ${status} without an OAuth error.`, status };
  if (!isRecord(body)) return { ok: false, error: 'unexpected_response', description: 'The token endpoint answered with something that is not a JSON object.', status };
  const accessToken = nonEmptyString(body.access_token);
  if (accessToken === undefined) return { ok: false, error: 'unexpected_response', description: 'The token endpoint answered without an access token.', status };

  const tokens: TokenSet = { accessToken };
  const refreshToken = nonEmptyString(body.refresh_token);
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const expiresIn = seconds(body.expires_in);
  if (expiresIn !== undefined) tokens.expiresAt = opts.now() + Math.round(expiresIn * 1000);
  const scope = nonEmptyString(body.scope);
  if (scope !== undefined) tokens.scope = scope;
  const tokenType = nonEmptyString(body.token_type);
  if (tokenType !== undefined) tokens.tokenType = tokenType;
  const idToken = nonEmptyString(body.id_token);
  if (idToken !== undefined) tokens.idToken = idToken;
  const extra = Object.fromEntries(Object.entries(body).filter(([key]) => !KNOWN.has(key)));
  if (Object.keys(extra).length > 0) tokens.extra = extra;
  return { ok: true, tokens };
}
