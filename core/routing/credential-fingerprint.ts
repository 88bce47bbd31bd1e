import { createHash } from 'node:crypto';

/**
 * A short, one-way fingerprint of an account's key and address: a refused key is remembered
 * by it (and persisted), so a changed key or address lifts the refusal, and the key itself is
 * never stored outside the secret store.
 */
export function credentialFingerprint(connection: { apiKey: string; baseUrl?: string }): string {
  return createHash('sha256').update(`${connection.baseUrl ?? ''}\u0000${connection.apiKey}`).digest('base64url').slice(0, 16);
}
