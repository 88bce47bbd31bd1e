import { errorKindForStatus } from '../canonical.js';
import type { CanonicalError, ErrorKind } from '../canonical.js';
import type { ErrorBody } from '../codec.js';
import { isJsonObject } from './json-object.js';

/** google.rpc.Code names Google APIs pair with each HTTP status. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const KIND_NAMES: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  overloaded: 'UNAVAILABLE',
  api_error: 'INTERNAL',
  timeout: 'DEADLINE_EXCEEDED',
};

/** The `error` object of Google's JSON error envelope. */
export function errorObject(error: CanonicalError): Record<string, unknown> {
  const code = error.status >= 400 && error.status < 600 ? error.status : 500;
  const out: Record<string, unknown> = {
    code,
    message: error.message,
    status: STATUS_NAMES[code] ?? KIND_NAMES[error.kind],
  };
  // Gemini CLI and the SDKs read the wait from a google.rpc.RetryInfo detail.
  if (error.retryAfter !== undefined) {
    out.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfter}s` }];
  }
  return out;
}

export function encodeError(error: CanonicalError): ErrorBody {
  const body = { error: errorObject(error) };
  return { status: body.error.code as number, body };
}

/** retryDelay is a protobuf Duration in JSON: "30s", "1.5s". */
function retryAfterOf(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (!isJsonObject(detail) || typeof detail.retryDelay !== 'string') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay);
    if (match?.[1] !== undefined) return Math.ceil(Number(match[1]));
  }
  return undefined;
}

/** Google answers a bad or expired API key with 400 INVALID_ARGUMENT and this ErrorInfo reason. */
function isInvalidApiKey(details: unknown): boolean {
  return Array.isArray(details) && details.some((d) => isJsonObject(d) && d.reason === 'API_KEY_INVALID');
}

function asText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined;
}

/** Finds Google's `{error:{...}}`, also when wrapped in an array (`[{error:{...}}]`). */
function findErrorObject(body: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  if (isJsonObject(first) && isJsonObject(first.error)) return first.error;
  return undefined;
}

export function decodeError(status: number, body: unknown): CanonicalError {
  let parsed = body;
  const text = asText(body);
  if (text !== undefined) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  const error = findErrorObject(parsed);
  const code = typeof error?.code === 'number' ? error.code : undefined;
  let effective = status >= 400 ? status : (code ?? 502);
  if (effective === 400 && isInvalidApiKey(error?.details)) effective = 401;
  let message = typeof error?.message === 'string' && error.message !== '' ? error.message : undefined;
  if (message === undefined && text !== undefined && text.trim() !== '' && error === undefined) {
    message = text.trim().slice(0, 1000);
  }
  const out: CanonicalError = {
    status: effective,
    kind: errorKindForStatus(effective),
    message: message ?? `upstream returned HTTP ${effective}`,
  };
  const retryAfter = retryAfterOf(error?.details);
  if (retryAfter !== undefined) out.retryAfter = retryAfter;
  return out;
}
