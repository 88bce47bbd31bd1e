/**
 * The two token endpoint grants a signed-in account needs: the authorization code exchange
 * (RFC 6749 §4.1.3 with the PKCE verifier, RFC 7636 §4.5) and the refresh (RFC 6749 §6).
 */
import type { Dispatcher } from 'undici';
import { postOAuth, type BodyFormat } from './token-post.js';
import { readTokenResponse, type TokenResult } from './token-response.js';

export interface TokenClientOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  clientAuth?: 'body' | 'basic';
  bodyFormat: BodyFormat;
  /** Headers a provider expects from its own CLI (Claude's axios-like User-Agent). */
  headers?: Record<string, string>;
  dispatcher?: Dispatcher;
  signal: AbortSignal;
  /** Clock for `expiresAt`; Date.now when absent. */
  now?: () => number;
}

export interface ExchangeCodeOptions extends TokenClientOptions {
  code: string;
  /** Must be the redirect_uri of the authorization request (RFC 6749 §4.1.3). */
  redirectUri: string;
  verifier: string;
  /** Claude's endpoint wants the state echoed in the exchange body. */
  state?: string;
}

export interface RefreshTokenOptions extends TokenClientOptions {
  refreshToken: string;
  /** RFC 6749 §6 optional narrowing; Claude's and OpenAI's CLIs send their scope. */
  scope?: string;
}

export async function exchangeCode(opts: ExchangeCodeOptions): Promise<TokenResult> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: opts.code,
    redirect_uri: opts.redirectUri,
    code_verifier: opts.verifier,
  };
  if (opts.state !== undefined) params.state = opts.state;
  return postTokenRequest(opts, params);
}

export async function refreshToken(opts: RefreshTokenOptions): Promise<TokenResult> {
  const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: opts.refreshToken };
  if (opts.scope !== undefined) params.scope = opts.scope;
  return postTokenRequest(opts, params);
}

/** One token endpoint POST; the device flow's polls are the same request with another grant. */
export async function postTokenRequest(opts: TokenClientOptions, params: Record<string, string>): Promise<TokenResult> {
  const sent = await postOAuth({
    url: opts.tokenUrl,
    params,
    bodyFormat: opts.bodyFormat,
    clientId: opts.clientId,
    ...(opts.clientSecret !== undefined ? { clientSecret: opts.clientSecret } : {}),
    ...(opts.clientAuth !== undefined ? { clientAuth: opts.clientAuth } : {}),
    ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
    ...(opts.dispatcher !== undefined ? { dispatcher: opts.dispatcher } : {}),
    signal: opts.signal,
  });
  if (!sent.ok) return sent;
  const secrets = [params.code, params.code_verifier, params.refresh_token, params.device_code, opts.clientSecret].filter((v): v is string => v !== undefined);
  return readTokenResponse({ status: sent.status, text: sent.text, now: opts.now ?? Date.now, secrets });
}
