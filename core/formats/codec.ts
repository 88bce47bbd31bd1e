import type {
  CanonicalError,
  CanonicalRequest,
  CanonicalResponse,
  OllamaEndpoint,
  StreamEvent,
  Usage,
  WireFormat,
} from './canonical.js';
import type { SseMessage } from '../sse/parser.js';

/**
 * What a codec needs to know that is not in the body it translates. Codecs are pure: any
 * id or time they emit comes from here.
 */
export interface CodecContext {
  /** The gateway's request id: [A-Za-z0-9]+, unique per client request. Encoders build
   * their format's ids from it (`chatcmpl-<id>`, `resp_<id>`, `msg_<id>`, `call_<id>_<n>`). */
  requestId: string;
  /** Wall-clock time of the request, Unix milliseconds. */
  now: number;
}

export interface DecodeRequestContext extends CodecContext {
  /** Gemini carries the model and the stream flag in the URL path, not the body. */
  pathModel?: string;
  pathStream?: boolean;
  /** Ollama serves two endpoints in one format: which one the client called (default chat). */
  ollamaEndpoint?: OllamaEndpoint;
}

/** Reports something translation dropped or changed (one sentence naming the field). */
export type Warn = (message: string) => void;

/** What an upstream encoder is given besides the canonical request. */
export interface EncodeRequestContext extends CodecContext {
  /** The provider's own model id (prefix stripped). */
  model: string;
  /** Reports something the target format cannot carry and the encoder dropped (one sentence). */
  warn?: Warn;
}

export interface EncodeResponseContext extends CodecContext {
  /** The model name to report to the client (what it asked for). */
  model: string;
  /** The client's decoded request (for options such as include_usage). */
  request: CanonicalRequest;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: CanonicalError };

/**
 * Decodes an upstream's stream messages into canonical stream events (see canonical.ts grammar):
 * SSE events, or for a newline-delimited JSON format (Ollama) one line per message as `data`.
 */
export interface StreamDecoder {
  push(message: SseMessage): StreamEvent[];
  /** The upstream closed the stream. Returns the closing events, or an error event when
   * the stream stopped before its format's terminal event. */
  end(): StreamEvent[];
}

/** Encodes canonical stream events into a client's stream text (SSE, or NDJSON for Ollama). */
export interface StreamEncoder {
  /** Returns the bytes to write for this event ('' when it produces none). */
  push(event: StreamEvent): string;
  /**
   * Called after each batch of events decoded from one upstream chunk. An encoder that holds
   * an event back to fold in what may follow in the same batch (Anthropic's message_start
   * waiting for the prompt usage) releases it here, so holding never delays the client.
   */
  flush?(): string;
}

export interface ErrorBody {
  status: number;
  body: unknown;
}

/**
 * One wire format. The client-facing half decodes what a client sent and encodes what it
 * gets back; the upstream-facing half encodes what a provider is sent and decodes its
 * answer. Every function is pure.
 */
export interface Codec {
  format: WireFormat;

  // Client-facing.
  decodeRequest(body: unknown, ctx: DecodeRequestContext): Decoded<CanonicalRequest>;
  encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): unknown;
  createStreamEncoder(ctx: EncodeResponseContext): StreamEncoder;
  encodeError(error: CanonicalError): ErrorBody;

  // Upstream-facing.
  /** `model` is the provider's own model id (prefix stripped). For Gemini the model and
   * stream flag go in the URL, so the body leaves them out. */
  encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown>;
  decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse>;
  /**
   * The usage of a non-streamed answer, read without decoding the rest: what pass-through
   * needs, as it sends the upstream's own bytes. Equals decodeResponse(body).value.usage
   * for every body decodeResponse accepts; undefined for an error body.
   */
  responseUsage(body: unknown): Usage | undefined;
  createStreamDecoder(ctx: CodecContext): StreamDecoder;
  /** Reads an upstream error response (any body, possibly not JSON) into a canonical error. */
  decodeError(status: number, body: unknown): CanonicalError;
}
