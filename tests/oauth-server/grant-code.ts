// grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.5-4.6). A code is consumed
// by its first successful exchange; failed attempts leave it usable until it expires. A
// second exchange of a consumed code is refused and revokes the tokens the first one gave
// (§4.1.2: "SHOULD revoke all tokens previously issued based on that authorization code").
import type { AuthorizationCode } from './authorize.js';
import { oauthError } from './respond.js';
import { verifierMatches } from './pkce.js';
import type { TokenBody, TokenStore } from './tokens.js';
import type { Clock, Outcome, Params, RegisteredClient } from './types.js';

export function exchangeCode(
  client: RegisteredClient,
  params: Params,
  codes: Map<string, AuthorizationCode>,
  tokens: TokenStore,
  now: Clock,
): Outcome<TokenBody> {
  for (const name of ['code', 'redirect_uri', 'code_verifier']) {
    if (!params.has(name)) return { ok: false, error: oauthError('invalid_request', `missing required parameter ${name}`) };
  }
  const entry: AuthorizationCode | undefined = codes.get(params.get('code') ?? '');
  if (!entry) return { ok: false, error: oauthError('invalid_grant', 'unknown authorization code') };
  if (entry.family) {
    tokens.revoke(entry.family);
    return { ok: false, error: oauthError('invalid_grant', 'authorization code was already used; the tokens it gave are revoked') };
  }
  if (now() >= entry.expiresAt) return { ok: false, error: oauthError('invalid_grant', 'authorization code expired') };
  if (entry.clientId !== client.id) return { ok: false, error: oauthError('invalid_grant', 'authorization code was issued to another client') };
  if (params.get('redirect_uri') !== entry.redirectUri) {
    return { ok: false, error: oauthError('invalid_grant', 'redirect_uri does not match the one of the authorization request') };
  }
  if (!verifierMatches(params.get('code_verifier') ?? '', entry.challenge)) {
    return { ok: false, error: oauthError('invalid_grant', 'code_verifier does not match the code_challenge') };
  }
  const { family, body } = tokens.startFamily(client.id, entry.scope);
  entry.family = family;
  return { ok: true, value: body };
}
