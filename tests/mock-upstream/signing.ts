// Opaque reasoning tokens the mock issues and later verifies, like the real providers do:
// Anthropic thinking signatures (bound to the thinking text), Gemini thoughtSignatures and
// OpenAI Responses encrypted_content. All are HMACs under one per-server secret, so a value
// the mock did not issue (or one that was edited) fails verification.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Signer } from './types.js';

function mac(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${payload}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createSigner(secret: string): Signer {
  let counter = 0;
  const nonce = (): string => `${randomBytes(6).toString('base64url')}${(counter += 1)}`;
  return {
    issuedReasoningIds: new Set<string>(),
    anthropicSignature(thinking) {
      // Real signatures are long base64 blobs; the shape matters only in that it is opaque.
      return Buffer.from(`mock-sig.${mac(secret, 'anthropic-thinking', thinking)}`).toString('base64');
    },
    verifyAnthropicSignature(thinking, signature) {
      return same(this.anthropicSignature(thinking), signature);
    },
    geminiSignature() {
      const n = nonce();
      return Buffer.from(`${n}.${mac(secret, 'gemini-thought', n)}`).toString('base64');
    },
    verifyGeminiSignature(signature) {
      const decoded = Buffer.from(signature, 'base64').toString();
      const dot = decoded.indexOf('.');
      if (dot < 0) return false;
      const n = decoded.slice(0, dot);
      return same(`${n}.${mac(secret, 'gemini-thought', n)}`, decoded) && Buffer.from(decoded).toString('base64') === signature;
    },
    encryptedReasoning(text) {
      const payload = Buffer.from(JSON.stringify({ n: nonce(), t: text })).toString('base64url');
      return `gAAAAA${payload}.${mac(secret, 'responses-reasoning', payload)}`;
    },
    verifyEncryptedReasoning(content) {
      const m = /^gAAAAA([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(content);
      if (!m || m[1] === undefined || m[2] === undefined) return false;
      return same(mac(secret, 'responses-reasoning', m[1]), m[2]);
    },
  };
}
