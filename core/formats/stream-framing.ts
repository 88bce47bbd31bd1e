/**
 * How each wire format frames a stream on the wire. Most speak Server-Sent Events; Ollama's
 * native API sends newline-delimited JSON (`application/x-ndjson`). The relay splits upstream
 * bytes with the upstream format's framing and labels the client's stream with the client's.
 */
import type { WireFormat } from './canonical.js';
import { SseParser } from '../sse/parser.js';
import { NdjsonSplitter, type StreamSplitter } from '../sse/ndjson.js';

export type StreamFraming = 'sse' | 'ndjson';

export const STREAM_FRAMING: Record<WireFormat, StreamFraming> = {
  'openai-chat': 'sse',
  'openai-responses': 'sse',
  anthropic: 'sse',
  gemini: 'sse',
  ollama: 'ndjson',
};

/** A fresh splitter for one stream in `format`. */
export function streamSplitter(format: WireFormat): StreamSplitter {
  return STREAM_FRAMING[format] === 'ndjson' ? new NdjsonSplitter() : new SseParser();
}

/** The content type of a stream in `format`, for the response head and an upstream's Accept. */
export function streamContentType(format: WireFormat): string {
  return STREAM_FRAMING[format] === 'ndjson' ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8';
}

/**
 * Whether a client's body asks for a streamed answer. OpenAI and Anthropic stream only on
 * `"stream": true`; Ollama streams unless told `"stream": false`. (Gemini says it in the URL.)
 */
export function bodyAsksForStream(format: WireFormat, body: unknown): boolean {
  const stream = typeof body === 'object' && body !== null && 'stream' in body ? body.stream : undefined;
  return format === 'ollama' ? stream !== false : stream === true;
}
