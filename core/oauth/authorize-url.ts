/**
 * The authorization request URL of the code flow (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3).
 */
import type { Pkce } from './pkce.js';

export interface AuthorizeUrlOptions {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  /** Space-separated scopes (RFC 6749 §3.3). */
  scope: string;
  state: string;
  pkce: Pick<Pkce, 'challenge' | 'method'>;
  /** Provider extras: Claude's `code=true`, Google's `access_type=offline` and `prompt=consent`. */
  extraParams?: Record<string, string>;
}

export function buildAuthorizeUrl(opts: AuthorizeUrlOptions): string {
  const url = new URL(opts.authorizeUrl);
  // Extras go first (Claude's page expects `code=true` leading); the protocol parameters are set
  // after them so an extra can never replace state or the PKCE challenge.
  for (const [name, value] of Object.entries(opts.extraParams ?? {})) url.searchParams.set(name, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', opts.clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('scope', opts.scope);
  url.searchParams.set('code_challenge', opts.pkce.challenge);
  url.searchParams.set('code_challenge_method', opts.pkce.method);
  url.searchParams.set('state', opts.state);
  // URLSearchParams writes a space as '+' (a literal '+' becomes %2B); %20 is read as a space by
  // every server, '+' only by those decoding forms.
  url.search = url.searchParams.toString().replace(/\+/g, '%20');
  return url.toString();
}
