import type { Codec } from '../codec.js';
import { decodeError, encodeError } from './errors.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { decodeResponse, responseUsage } from './response-decode.js';
import { encodeResponse } from './response-encode.js';
import { OllamaStreamDecoder } from './stream-decode.js';
import { OllamaStreamEncoder } from './stream-encode.js';

/**
 * Ollama's native API: clients call the gateway's /api/chat and /api/generate, and the
 * gateway calls an Ollama server's /api/chat. Streams are NDJSON (core/sse/ndjson.ts), and
 * `stream` is true when a request leaves it out.
 */
export const ollamaCodec: Codec = {
  format: 'ollama',
  decodeRequest,
  encodeResponse,
  createStreamEncoder: (ctx) => new OllamaStreamEncoder(ctx),
  encodeError,
  encodeRequest,
  decodeResponse,
  responseUsage,
  createStreamDecoder: (ctx) => new OllamaStreamDecoder(ctx),
  decodeError,
};
