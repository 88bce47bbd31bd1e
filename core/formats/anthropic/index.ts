import type { Codec } from '../codec.js';
import { decodeError, encodeError } from './errors.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { decodeResponse, responseUsage } from './response-decode.js';
import { encodeResponse } from './response-encode.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';

/** Anthropic Messages (POST /v1/messages), what Claude Code speaks. */
export const anthropicCodec: Codec = {
  format: 'anthropic',
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

// For POST /v1/messages/count_tokens: the same body without max_tokens, and the
// upstream body for Anthropic's own count_tokens endpoint.
export { decodeCountTokensRequest } from './request-decode.js';
export { encodeCountTokensRequest } from './request-encode.js';
