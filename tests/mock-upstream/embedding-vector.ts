/**
 * The mock's embedding model, shared by OpenAI /v1/embeddings, Gemini embedContent /
 * batchEmbedContents and Ollama /api/embed, so the same text embeds to the same vector
 * through every API and a test can compare them:
 *
 *   embedding(text, n = 8)[i] = u16(i) / 32768 - 1
 *
 * where u16(i) is the big-endian 16-bit integer at bytes 2i, 2i+1 of the concatenation
 * SHA-256(text + "#0") || SHA-256(text + "#1") || ... (UTF-8). Every value lies in [-1, 1)
 * and is a multiple of 2^-15, so it is exact in float32: the base64 encoding (little-endian
 * float32, what the openai SDK decodes) gives back exactly the numbers of the JSON one.
 * Vectors are not normalised. An OpenAI token-array input embeds as its numbers joined by " ".
 */
import { createHash } from 'node:crypto';

export const DEFAULT_DIMENSIONS = 8;

export function mockEmbedding(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const blocks: Buffer[] = [];
  for (let j = 0; j * 16 < dimensions; j += 1) blocks.push(createHash('sha256').update(`${text}#${j}`, 'utf8').digest());
  const bytes = Buffer.concat(blocks);
  return Array.from({ length: dimensions }, (_, i) => bytes.readUInt16BE(2 * i) / 32768 - 1);
}

/** Little-endian float32 bytes, base64: OpenAI's `encoding_format: "base64"`. */
export function float32Base64(values: number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}
