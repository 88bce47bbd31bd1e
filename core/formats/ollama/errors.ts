import { errorKindForStatus } from '../canonical.js';
import type { CanonicalError } from '../canonical.js';
import type { ErrorBody } from '../codec.js';
import { messageFromBody } from '../openai-chat/errors.js';

/**
 * Ollama answers every error as `{"error": "<message>"}` with the HTTP status saying what kind
 * it is (400 bad request, 404 "model 'x' not found", 500, ...); mid-stream the same object
 * arrives as an NDJSON line. There are no type names to map.
 */

export function encodeError(error: CanonicalError): ErrorBody {
  return { status: error.status, body: { error: error.message } };
}

/** An upstream error response (any body; proxies in front of Ollama may send HTML). */
export function decodeError(status: number, body: unknown): CanonicalError {
  return { status, kind: errorKindForStatus(status), message: messageFromBody(body) ?? `upstream returned HTTP ${status}` };
}

/**
 * An `error` found in a 200 body or a stream line: there is no status to go by. Ollama sends
 * one mid-stream when the model runner fails: a failure of the upstream.
 */
export function decodeInlineError(error: unknown): CanonicalError {
  const message = typeof error === 'string' && error !== '' ? error : (messageFromBody({ error }) ?? 'upstream reported an error');
  return { status: 502, kind: 'api_error', message };
}
