import { errorKindForStatus } from '../canonical.js';
import type { CanonicalError, ErrorKind } from '../canonical.js';
import type { ErrorBody } from '../codec.js';

/**
 * OpenAI's error `type` and `code` for each canonical kind; the Responses API shares Chat
 * Completions' error shape, and these match the openai-chat codec so both endpoints agree.
 */
const OPENAI_ERROR_NAMES: Record<ErrorKind, { type: string; code: string | null }> = {
  invalid_request: { type: 'invalid_request_error', code: null },
  authentication: { type: 'authentication_error', code: null },
  permission: { type: 'permission_error', code: null },
  not_found: { type: 'not_found_error', code: null },
  request_too_large: { type: 'invalid_request_error', code: null },
  rate_limit: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  overloaded: { type: 'server_error', code: null },
  api_error: { type: 'server_error', code: null },
  timeout: { type: 'timeout', code: null },
};

export function openaiErrorNames(kind: ErrorKind): { type: string; code: string | null } {
  return OPENAI_ERROR_NAMES[kind];
}

export function encodeError(error: CanonicalError): ErrorBody {
  const names = OPENAI_ERROR_NAMES[error.kind];
  return {
    status: error.status,
    body: { error: { message: error.message, type: names.type, param: null, code: names.code } },
  };
}

const MAX_MESSAGE = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds a human message in an OpenAI-style error body, or in any other JSON/text body. */
export function errorMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null) {
        const found = errorMessageOf(parsed);
        if (found !== undefined) return found;
      }
    } catch {
      // Not JSON: the text itself is the message (proxies answer with HTML or plain text).
    }
    return trimmed.slice(0, MAX_MESSAGE);
  }
  // Some OpenAI-compatible servers (Gemini's among them) wrap the error object in an array.
  if (Array.isArray(body)) return errorMessageOf(body[0]);
  if (!isRecord(body)) return undefined;
  const inner = body.error;
  if (typeof inner === 'string' && inner !== '') return inner;
  if (isRecord(inner) && typeof inner.message === 'string' && inner.message !== '') return inner.message;
  if (typeof body.message === 'string' && body.message !== '') return body.message;
  if (typeof body.detail === 'string' && body.detail !== '') return body.detail;
  return undefined;
}

export function decodeError(status: number, body: unknown): CanonicalError {
  const message = errorMessageOf(body) ?? `upstream returned HTTP ${status}`;
  return { status, kind: errorKindForStatus(status), message };
}

/**
 * An error reported inside a Responses stream (`error` event or `response.failed`) carries
 * a code but no HTTP status; pick the status a client would have seen for it.
 */
export function streamErrorFromCode(code: string | undefined, message: string): CanonicalError {
  switch (code) {
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
    case 'too_many_requests':
    case 'insufficient_quota':
      return { status: 429, kind: 'rate_limit', message };
    case 'context_length_exceeded':
    case 'invalid_prompt':
    case 'invalid_request_error':
      return { status: 400, kind: 'invalid_request', message };
    case 'overloaded':
    case 'server_is_overloaded':
      return { status: 503, kind: 'overloaded', message };
    default:
      return { status: 502, kind: 'api_error', message };
  }
}
