/**
 * An OAuth account's tokens as one record in the secret store (the OS keychain, or the
 * encrypted file where none answers): access and refresh token and expiry are written
 * together in one set, so a reader never sees a new access token beside an old refresh token.
 */
import { z } from 'zod';
import type { SecretStore } from '../secrets/index.js';

export interface OAuthTokens {
  accessToken: string;
  /** Absent where the provider issues none (GitHub's device tokens do not expire). */
  refreshToken?: string;
  /** Unix ms; absent when the provider gave no lifetime. */
  expiresAt?: number;
}

const stored = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().optional(),
});

export interface TokenVault {
  read(accountId: string): Promise<OAuthTokens | undefined>;
  write(accountId: string, tokens: OAuthTokens): Promise<void>;
  remove(accountId: string): Promise<void>;
}

export function oauthSecretRef(accountId: string): string {
  return `oauth:${accountId}`;
}

export function createTokenVault(secrets: SecretStore): TokenVault {
  return {
    async read(accountId) {
      const raw = await secrets.get(oauthSecretRef(accountId));
      if (raw === null) return undefined;
      try {
        const parsed = stored.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    write: (accountId, tokens) => secrets.set(oauthSecretRef(accountId), JSON.stringify(tokens)),
    remove: (accountId) => secrets.delete(oauthSecretRef(accountId)),
  };
}
