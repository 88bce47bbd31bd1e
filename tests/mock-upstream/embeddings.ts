/**
 * OpenAI `POST /v1/embeddings`.
 *
 * Accepts {model, input, encoding_format?, dimensions?, user?}; input is a non-empty string,
 * or a non-empty array (at most 2048 items) of non-empty strings, of token ids, or of
 * non-empty token-id arrays. Anything else is OpenAI's "'$.input' is invalid" 400.
 *
 * Answer: {object:'list', data:[{object:'embedding', index, embedding}], model, usage}.
 *   - embedding = mockEmbedding(text, dimensions ?? 8) (embedding-vector.ts); with
 *     encoding_format 'base64' it is the base64 of those values as little-endian float32.
 *   - usage.prompt_tokens = total_tokens = whitespace-separated words over the string
 *     inputs (a token-id array counts its length). Recorded as usage.input.
 */
import { float32Base64, mockEmbedding } from './embedding-vector.js';
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { wordsIn } from './narrow.js';
import { checkParams, checkRange, requireModel } from './openai-params.js';
import { fail, invalidValue, missing } from './openai-rejections.js';

const PARAMS = { model: 'string', input: 'any', encoding_format: 'string', dimensions: 'integer', user: 'string' } as const;
const MAX_ITEMS = 2048;

function invalidInput(): never {
  return fail("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
}

function isTokenIds(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((t) => typeof t === 'number' && Number.isInteger(t) && t >= 0);
}

/** Each input as the text it embeds and the tokens it counts. */
export function readEmbeddingInput(input: unknown): Array<{ text: string; tokens: number }> {
  if (typeof input === 'string') return input === '' ? invalidInput() : [{ text: input, tokens: wordsIn(input) }];
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_ITEMS) return invalidInput();
  if (isTokenIds(input)) return [{ text: input.join(' '), tokens: input.length }];
  return input.map((item) => {
    if (typeof item === 'string') return item === '' ? invalidInput() : { text: item, tokens: wordsIn(item) };
    if (isTokenIds(item)) return { text: item.join(' '), tokens: item.length };
    return invalidInput();
  });
}

export function answerEmbeddings({ body: raw }: EndpointInput): EndpointAnswer {
  const body = checkParams(raw, PARAMS);
  const model = requireModel(body);
  if (body.input === undefined || body.input === null) return missing('input');
  const inputs = readEmbeddingInput(body.input);
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return invalidValue('encoding_format', format, ['float', 'base64']);
  let dimensions: number | undefined;
  if (typeof body.dimensions === 'number') {
    // Only the text-embedding-3 family can shorten its vectors.
    if (model === 'text-embedding-ada-002') fail('This model does not support specifying dimensions.');
    checkRange('dimensions', body.dimensions, 1, 3072, 'integer');
    dimensions = body.dimensions;
  }
  const promptTokens = inputs.reduce((sum, i) => sum + i.tokens, 0);
  return {
    kind: 'json',
    body: {
      object: 'list',
      data: inputs.map((input, index) => {
        const vector = mockEmbedding(input.text, dimensions);
        return { object: 'embedding', index, embedding: format === 'base64' ? float32Base64(vector) : vector };
      }),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    usage: { input: promptTokens, output: 0, cached: 0, reasoning: 0 },
  };
}
