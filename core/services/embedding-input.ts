/**
 * OpenAI's embeddings `input`: one string, a list of strings, or token ids (one list or a
 * list of lists). Only text can be carried to an API that takes text.
 */
export type EmbeddingInput = { kind: 'text'; texts: string[]; single: boolean } | { kind: 'tokens' };

export function readEmbeddingInput(input: unknown): EmbeddingInput | undefined {
  if (typeof input === 'string') return { kind: 'text', texts: [input], single: true };
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item): item is string => typeof item === 'string')) return { kind: 'text', texts: input, single: false };
  const tokenList = (v: unknown) => Array.isArray(v) && v.every((t) => typeof t === 'number');
  if (input.every((item) => typeof item === 'number') || input.every(tokenList)) return { kind: 'tokens' };
  return undefined;
}

/** A vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32, base64. */
export function vectorToBase64(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}
