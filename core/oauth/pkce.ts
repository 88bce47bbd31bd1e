/**
 * PKCE (RFC 7636) and the `state` value (RFC 6749 §10.12) for the authorization-code flows.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/**
 * RFC 7636 §4.1: the verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~]; 32 random bytes in
 * base64url (no padding) give 43 characters of that set with 256 bits of entropy (§7.1).
 */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** RFC 7636 §4.2: S256 challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` binding the redirect to this sign-in (RFC 6749 §10.12 CSRF protection). */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two `state` values in constant time, so a probing caller learns nothing from timing. */
export function statesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
