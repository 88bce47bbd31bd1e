// Token families and refresh (RFC 6749 §6, with rotation as in the OAuth 2.0 Security BCP
// §4.14.2): every code or device grant starts a family; each refresh replaces the family's
// refresh token, and presenting a replaced one is taken as theft, so the whole family is
// revoked (access tokens too). Tokens are opaque random strings: at_..., rt_....
import { randomBytes } from 'node:crypto';
import { oauthError } from './respond.js';
import type { Clock, Outcome, Params } from './types.js';

interface Family {
  clientId: string;
  scope: string;
  revoked: boolean;
  /** The one refresh token that may be used next. */
  current: string;
}

interface AccessGrant {
  family: Family;
  scope: string;
  expiresAt: number;
}

export interface TokenConfig {
  now: Clock;
  accessTtlSec: number;
  rotateRefresh: boolean;
  extraTokenFields: Record<string, unknown>;
}

export type TokenBody = Record<string, unknown>;

function opaque(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export class TokenStore {
  private readonly families: Family[] = [];
  /** Every refresh token ever issued, current or replaced, to its family. */
  private readonly refreshTokens = new Map<string, Family>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  issued = 0;

  constructor(private readonly config: TokenConfig) {}

  /** A new family for a fresh grant; returns its handle (to revoke on code reuse) and the response. */
  startFamily(clientId: string, scope: string): { family: Family; body: TokenBody } {
    const family: Family = { clientId, scope, revoked: false, current: opaque('rt_') };
    this.families.push(family);
    this.refreshTokens.set(family.current, family);
    return { family, body: this.respond(family, scope) };
  }

  refresh(clientId: string, params: Params): Outcome<TokenBody> {
    const token = params.get('refresh_token');
    if (token === undefined) return { ok: false, error: oauthError('invalid_request', 'missing required parameter refresh_token') };
    const family = this.refreshTokens.get(token);
    if (!family) return { ok: false, error: oauthError('invalid_grant', 'unknown refresh token') };
    if (family.revoked) return { ok: false, error: oauthError('invalid_grant', 'refresh token has been revoked') };
    if (family.clientId !== clientId) return { ok: false, error: oauthError('invalid_grant', 'refresh token was issued to another client') };
    if (token !== family.current) {
      family.revoked = true;
      return { ok: false, error: oauthError('invalid_grant', 'refresh token reuse detected: the token was already used, so every token of its family is revoked') };
    }
    const scope = params.get('scope');
    if (scope !== undefined) {
      // §6: a refresh may narrow the scope but never widen it.
      const granted = new Set(family.scope.split(' '));
      const extra = scope.split(' ').filter((s) => !granted.has(s));
      if (extra.length > 0) return { ok: false, error: oauthError('invalid_scope', `scope exceeds the original grant: ${extra.join(' ')}`) };
    }
    if (this.config.rotateRefresh) {
      family.current = opaque('rt_');
      this.refreshTokens.set(family.current, family);
    }
    return { ok: true, value: this.respond(family, scope ?? family.scope) };
  }

  /** A live access token's grant, or undefined when unknown, expired or revoked. */
  validAccess(token: string): { clientId: string; scope: string } | undefined {
    const grant = this.accessTokens.get(token);
    if (!grant || grant.family.revoked || this.config.now() >= grant.expiresAt) return undefined;
    return { clientId: grant.family.clientId, scope: grant.scope };
  }

  revoke(family: Family): void {
    family.revoked = true;
  }

  revokeAll(): void {
    for (const family of this.families) family.revoked = true;
  }

  private respond(family: Family, scope: string): TokenBody {
    const accessToken = opaque('at_');
    this.accessTokens.set(accessToken, { family, scope, expiresAt: this.config.now() + this.config.accessTtlSec * 1000 });
    this.issued += 1;
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.config.accessTtlSec,
      refresh_token: family.current,
      scope,
      ...this.config.extraTokenFields,
    };
  }
}

export type { Family };
