import type { Codec } from '../codec.js';
import { decodeError, encodeError } from './errors.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { decodeResponse, responseUsage } from './response-decode.js';
import { encodeResponse } from './response-encode.js';
import { ChatStreamDecoder } from './stream-decode.js';
import { ChatStreamEncoder } from './stream-encode.js';

/** OpenAI Chat Completions (`POST /v1/chat/completions`), also spoken by most OpenAI-compatible providers. */
export const openaiChatCodec: Codec = {
  format: 'openai-chat',
  decodeRequest,
  encodeResponse,
  createStreamEncoder: (ctx) => new ChatStreamEncoder(ctx),
  encodeError,
  encodeRequest,
  decodeResponse,
  responseUsage,
  createStreamDecoder: (ctx) => new ChatStreamDecoder(ctx),
  decodeError,
};
