import { errorKindForStatus } from '../canonical.js';
import type { CanonicalError, ErrorKind } from '../canonical.js';
import type { ErrorBody } from '../codec.js';

/** OpenAI's error `type` names; overloaded and generic failures are both `server_error`. */
const TYPE_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  api_error: 'server_error',
  timeout: 'timeout',
};

const CODE_BY_KIND: Partial<Record<ErrorKind, string>> = {
  rate_limit: 'rate_limit_exceeded',
};

export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: null;
  code: string | null;
}

export function errorObject(error: CanonicalError): OpenAIErrorObject {
  return { message: error.message, type: TYPE_BY_KIND[error.kind], param: null, code: CODE_BY_KIND[error.kind] ?? null };
}

export function encodeError(error: CanonicalError): ErrorBody {
  return { status: error.status, body: { error: errorObject(error) } };
}

const MAX_MESSAGE = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds a human message in the error shapes OpenAI-compatible providers use. */
export function messageFromBody(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      // Proxies in front of providers answer with HTML pages; keep only their words.
      const plain = text.startsWith('<') ? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : text;
      return plain === '' ? undefined : plain.slice(0, MAX_MESSAGE);
    }
  }
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value)) return undefined;
  const error = value.error;
  if (typeof error === 'string' && error !== '') return error;
  if (isRecord(error) && typeof error.message === 'string' && error.message !== '') return error.message;
  for (const key of ['message', 'detail', 'msg'] as const) {
    const field = value[key];
    if (typeof field === 'string' && field !== '') return field;
  }
  return undefined;
}

export function decodeError(status: number, body: unknown): CanonicalError {
  return {
    status,
    kind: errorKindForStatus(status),
    message: messageFromBody(body) ?? `upstream returned HTTP ${status}`,
  };
}

/**
 * An error object found inside a 200 body or a stream chunk. There is no HTTP status to go
 * by, so a numeric `code` (OpenRouter sends one) or the OpenAI `type` decides it.
 */
export function decodeInlineError(error: unknown): CanonicalError {
  const record = isRecord(error) ? error : {};
  const code = record.code;
  const numeric = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
  const status = numeric !== undefined && numeric >= 400 && numeric < 600 ? numeric : statusFromType(record.type, code);
  const message =
    typeof error === 'string' && error !== '' ? error : typeof record.message === 'string' && record.message !== '' ? record.message : 'upstream reported an error';
  return { status, kind: errorKindForStatus(status), message };
}

function statusFromType(type: unknown, code: unknown): number {
  if (code === 'rate_limit_exceeded' || code === 'insufficient_quota') return 429;
  switch (type) {
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'rate_limit_error':
      return 429;
    case 'overloaded_error':
      return 529;
    case 'timeout':
      return 504;
    default:
      return 502;
  }
}
