import type { WireFormat } from '../canonical.js';
import { readWrappedSignature, wrapSignature, type ClientSignature } from '../signature-wrap.js';

/**
 * Gemini 3 refuses a request whose current turn has a functionCall part (the first of each
 * model step) without a thoughtSignature. For history Gemini did not produce, Google
 * documents two dummy values that skip that validation ("context_engineering_is_the_way_to_go"
 * and "skip_thought_signature_validator"); the latter is also the one Vertex AI documents
 * and the one Gemini CLI itself sends, so it is the one the gateway sends.
 * https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
export const PLACEHOLDER_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const PLACEHOLDERS = new Set([PLACEHOLDER_THOUGHT_SIGNATURE, 'context_engineering_is_the_way_to_go']);

/**
 * The thoughtSignature a Gemini client gets for a signature Gemini did not issue (or for
 * none, when `signature` is undefined): the shared origin wrapper, base64-encoded, since
 * thoughtSignature is proto `bytes` and SDKs that decode it to bytes (google-genai for
 * Python) need valid base64 to echo it back.
 */
export function wrapThoughtSignature(origin: WireFormat | undefined, signature: string | undefined, text?: string): string {
  return Buffer.from(wrapSignature(origin, signature, text)).toString('base64');
}

/**
 * Reads a thoughtSignature a Gemini client sent back: a gateway wrapper names its origin
 * (and may carry nothing), a documented placeholder is no signature, and anything else was
 * issued by Gemini itself.
 */
export function readThoughtSignature(value: string | null | undefined): ClientSignature {
  if (value == null || value === '' || PLACEHOLDERS.has(value)) return {};
  // Buffer's base64 decoder takes both alphabets, with or without padding, as a client
  // that decoded and re-encoded the bytes may send either.
  const wrapped = readWrappedSignature(Buffer.from(value, 'base64').toString('utf8'));
  return wrapped ?? { signature: value, origin: 'gemini' };
}

/** Every signature an upstream Gemini sends is its own. */
export function upstreamThoughtSignature(value: string | null | undefined): ClientSignature {
  return value == null || value === '' ? {} : { signature: value, origin: 'gemini' };
}
