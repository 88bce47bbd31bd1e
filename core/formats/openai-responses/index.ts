import type { Codec } from '../codec.js';
import { decodeError, encodeError } from './errors.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { decodeResponse, responseUsage } from './response-decode.js';
import { encodeResponse } from './response-encode.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';

/** The OpenAI Responses API (POST /v1/responses), what Codex CLI speaks. */
export const openaiResponsesCodec: Codec = {
  format: 'openai-responses',
  decodeRequest,
  encodeResponse,
  createStreamEncoder,
  encodeError,
  encodeRequest,
  decodeResponse,
  responseUsage,
  createStreamDecoder,
  decodeError,
};
