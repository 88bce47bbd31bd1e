import type { Codec } from '../codec.js';
import { decodeError, encodeError } from './errors.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { decodeResponse, responseUsage } from './response-decode.js';
import { encodeResponse } from './response-encode.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';

/** Gemini generateContent / streamGenerateContent (v1beta REST), as Gemini CLI and @google/genai speak it. */
export const geminiCodec: Codec = {
  format: 'gemini',
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
