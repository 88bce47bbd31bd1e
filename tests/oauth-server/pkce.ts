// RFC 7636 PKCE: only S256 is accepted (plain gives no protection if the authorize request
// leaks), a challenge is base64url(SHA-256) = 43 chars, a verifier 43-128 unreserved chars.
import { createHash } from 'node:crypto';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** Why a challenge/method pair is refused, or undefined when it is a valid S256 challenge. */
export function challengeProblem(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined) return 'code_challenge is required (PKCE)';
  if (method === undefined) return 'code_challenge_method is required and must be S256';
  if (method !== 'S256') return `code_challenge_method ${method} is not supported: use S256`;
  if (!CHALLENGE.test(challenge)) return 'code_challenge must be the 43-character base64url SHA-256 of the verifier';
  return undefined;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER.test(verifier) && s256(verifier) === challenge;
}
