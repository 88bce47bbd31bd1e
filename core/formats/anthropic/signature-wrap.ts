import { readWrappedSignature, type ClientSignature } from '../signature-wrap.js';

/**
 * Anthropic clients (Claude Code, the SDK) expect every thinking block to carry a
 * signature and echo it back on the next turn. A thinking block that came from another
 * provider gets a gateway-made signature naming its origin (see ../signature-wrap.ts).
 */
export { wrapSignature, type ClientSignature } from '../signature-wrap.js';

/**
 * Reads a signature a client sent back: gateway-wrapped ones name their origin; anything
 * else was issued by Anthropic itself.
 */
export function unwrapSignature(signature: string | undefined): ClientSignature {
  if (signature === undefined || signature === '') return { origin: 'anthropic' };
  return readWrappedSignature(signature) ?? { signature, origin: 'anthropic' };
}
