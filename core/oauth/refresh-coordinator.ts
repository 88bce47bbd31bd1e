/**
 * Keeps each OAuth account's access token usable: refreshed ahead of its expiry by the
 * provider's lead time, and once after a 401; one refresh in flight per account however many
 * requests ask (they all wait for it); a rotated refresh token is stored before the new access
 * token is handed out, so a crash between the two cannot lose it. A refresh the server refuses
 * as `invalid_grant` (revoked, expired or reused) marks the account "sign in again": it is
 * reported once, nothing is retried, and routing skips the account until the user signs in.
 */
import type { OAuthTokens, TokenVault } from './token-vault.js';

export type RefreshResult = { ok: true; tokens: OAuthTokens } | { ok: false; error: string; description?: string };

export type AccessToken = { ok: true; token: string } | { ok: false; reason: 'sign_in_again' | 'not_signed_in' | 'refresh_failed'; message: string };

export interface RefreshCoordinatorOptions {
  vault: TokenVault;
  /** One call to the provider's token endpoint with the refresh token. */
  refresh(accountId: string, refreshToken: string): Promise<RefreshResult>;
  /** How long before expiry each account's token is refreshed. */
  leadMs(accountId: string): number;
  now(): number;
  /** Called once when an account must be signed in again. */
  onSignInAgain(accountId: string, reason: string): void;
}

export interface RefreshCoordinator {
  /** A token to send now, refreshed first when it is within its lead time of expiry. */
  accessToken(accountId: string): Promise<AccessToken>;
  /** The provider answered 401 with `usedToken`: refresh once, unless another request already did. */
  afterUnauthorized(accountId: string, usedToken: string): Promise<AccessToken>;
  needsSignIn(accountId: string): boolean;
  /** A new sign-in stored fresh tokens: the account is usable again. */
  signedIn(accountId: string): void;
}

export function createRefreshCoordinator(opts: RefreshCoordinatorOptions): RefreshCoordinator {
  const inFlight = new Map<string, Promise<AccessToken>>();
  const signInAgain = new Map<string, string>();

  const refreshNow = (accountId: string, tokens: OAuthTokens): Promise<AccessToken> => {
    const running = inFlight.get(accountId);
    if (running) return running;
    const run = (async (): Promise<AccessToken> => {
      if (!tokens.refreshToken) return { ok: false, reason: 'sign_in_again', message: 'The account has no refresh token; sign in again.' };
      const result = await opts.refresh(accountId, tokens.refreshToken);
      if (!result.ok) {
        if (result.error === 'invalid_grant') {
          const reason = 'The provider no longer accepts this sign-in (revoked, expired or used twice); sign in again.';
          if (!signInAgain.has(accountId)) {
            signInAgain.set(accountId, reason);
            opts.onSignInAgain(accountId, reason);
          }
          return { ok: false, reason: 'sign_in_again', message: reason };
        }
        return { ok: false, reason: 'refresh_failed', message: `Refreshing the sign-in failed (${result.error}); it is tried again on the next request.` };
      }
      // A provider that does not rotate leaves the refresh token out: the old one stays valid.
      const next: OAuthTokens = { ...result.tokens, ...(result.tokens.refreshToken ? {} : tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) };
      await opts.vault.write(accountId, next);
      return { ok: true, token: next.accessToken };
    })().finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, run);
    return run;
  };

  const current = async (accountId: string): Promise<OAuthTokens | AccessToken> => {
    const reason = signInAgain.get(accountId);
    if (reason) return { ok: false, reason: 'sign_in_again', message: reason };
    const tokens = await opts.vault.read(accountId);
    return tokens ?? { ok: false, reason: 'not_signed_in', message: 'The account is not signed in.' };
  };

  return {
    async accessToken(accountId) {
      const running = inFlight.get(accountId);
      if (running) return running;
      const tokens = await current(accountId);
      if ('ok' in tokens) return tokens;
      const due = tokens.expiresAt !== undefined && opts.now() >= tokens.expiresAt - opts.leadMs(accountId);
      return due ? refreshNow(accountId, tokens) : { ok: true, token: tokens.accessToken };
    },
    async afterUnauthorized(accountId, usedToken) {
      const running = inFlight.get(accountId);
      if (running) return running;
      const tokens = await current(accountId);
      if ('ok' in tokens) return tokens;
      // Another request refreshed while this one was out: use its token, do not refresh again.
      if (tokens.accessToken !== usedToken) return { ok: true, token: tokens.accessToken };
      return refreshNow(accountId, tokens);
    },
    needsSignIn: (accountId) => signInAgain.has(accountId),
    signedIn: (accountId) => void signInAgain.delete(accountId),
  };
}
