/**
 * OpenAI's `/v1/embeddings` carried to a Gemini account: one text goes to
 * `models/{model}:embedContent`, a list to `:batchEmbedContents` (one request per text, each
 * naming the same model, as the API requires), and Gemini's vectors come back in OpenAI's list
 * shape. Gemini reports no token count, so usage is estimated from the text. Pure functions.
 */
import type { CanonicalError } from '../formats/canonical.js';
import { tokensForChars } from '../pipeline/estimate-tokens.js';
import { readEmbeddingInput, vectorToBase64 } from './embedding-input.js';

export interface GeminiEmbeddingCall {
  /** Below the account's versioned base URL. */
  path: string;
  body: Record<string, unknown>;
  /** How many vectors the answer must hold. */
  count: number;
  base64: boolean;
  estimatedTokens: number;
}

function invalid(message: string): CanonicalError {
  return { status: 400, kind: 'invalid_request', message };
}

/** The texts to embed, or why a Gemini account cannot take this input (token ids, or no input). */
function textInput(body: Record<string, unknown>): { texts: string[]; single: boolean } | CanonicalError {
  const input = readEmbeddingInput(body.input);
  if (!input) return invalid('input: a string or a non-empty array of strings is required.');
  if (input.kind === 'tokens') return invalid('input: token ids cannot be sent to a Gemini account; send the text instead.');
  return input;
}

/** Checked for each candidate before any call is built: routing passes a refused one over. */
export function geminiEmbeddingRefusal(body: Record<string, unknown>): CanonicalError | undefined {
  const input = textInput(body);
  return 'status' in input ? input : undefined;
}

export function geminiEmbeddingCall(body: Record<string, unknown>, model: string): GeminiEmbeddingCall | CanonicalError {
  const input = textInput(body);
  if ('status' in input) return input;
  const dimensions = typeof body.dimensions === 'number' ? { outputDimensionality: body.dimensions } : {};
  const content = (text: string) => ({ parts: [{ text }] });
  const name = `models/${model}`;
  const segment = `/models/${encodeURIComponent(model)}`;
  const estimatedTokens = input.texts.reduce((sum, t) => sum + tokensForChars(t.length), 0);
  const base64 = body.encoding_format === 'base64';
  if (input.single) {
    return { path: `${segment}:embedContent`, body: { model: name, content: content(input.texts[0]!), ...dimensions }, count: 1, base64, estimatedTokens };
  }
  const requests = input.texts.map((text) => ({ model: name, content: content(text), ...dimensions }));
  return { path: `${segment}:batchEmbedContents`, body: { requests }, count: requests.length, base64, estimatedTokens };
}

function numbers(v: unknown): number[] | undefined {
  return Array.isArray(v) && v.every((n) => typeof n === 'number') ? v : undefined;
}

function valuesOf(embedding: unknown): number[] | undefined {
  return typeof embedding === 'object' && embedding !== null ? numbers((embedding as { values?: unknown }).values) : undefined;
}

/** Gemini's answer as OpenAI's embeddings list, or undefined when it is not the shape asked for. */
export function openAiEmbeddingList(answer: unknown, call: GeminiEmbeddingCall, requestedModel: string): Record<string, unknown> | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const raw = answer as { embedding?: unknown; embeddings?: unknown };
  const vectors = call.count === 1 && raw.embedding !== undefined ? [valuesOf(raw.embedding)] : Array.isArray(raw.embeddings) ? raw.embeddings.map(valuesOf) : [];
  if (vectors.length !== call.count || vectors.some((v) => v === undefined)) return undefined;
  return {
    object: 'list',
    data: vectors.map((values, index) => ({ object: 'embedding', index, embedding: call.base64 ? vectorToBase64(values!) : values })),
    model: requestedModel,
    usage: { prompt_tokens: call.estimatedTokens, total_tokens: call.estimatedTokens },
  };
}
