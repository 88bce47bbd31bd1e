import { errorKindForStatus } from '../canonical.js';
import type { CanonicalError, ErrorKind } from '../canonical.js';
import type { ErrorBody } from '../codec.js';

/** Anthropic's error `type` names (docs: "HTTP errors"). */
const TYPE_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  overloaded: 'overloaded_error',
  api_error: 'api_error',
  timeout: 'timeout_error',
};

/** The status Anthropic pairs with each error type. */
const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  overloaded: 529,
  api_error: 500,
  timeout: 504,
};

const KIND_BY_TYPE = new Map<string, ErrorKind>(
  (Object.entries(TYPE_BY_KIND) as Array<[ErrorKind, string]>).map(([kind, type]) => [type, kind]),
);
// Anthropic's billing_error (402) is a refusal to serve this account, like a permission error.
KIND_BY_TYPE.set('billing_error', 'permission');

export function errorTypeForKind(kind: ErrorKind): string {
  return TYPE_BY_KIND[kind];
}

/** Reads an Anthropic error `type` (e.g. from an in-stream `error` event) as a canonical error. */
export function errorFromWireType(type: string | undefined, message: string | undefined): CanonicalError {
  const kind = (type !== undefined ? KIND_BY_TYPE.get(type) : undefined) ?? 'api_error';
  return { status: STATUS_BY_KIND[kind], kind, message: message ?? `upstream error (${type ?? 'unknown type'})` };
}

export function encodeError(error: CanonicalError): ErrorBody {
  return {
    status: error.status,
    body: { type: 'error', error: { type: TYPE_BY_KIND[error.kind], message: error.message } },
  };
}

const MAX_MESSAGE_CHARS = 1000;

function messageFrom(body: unknown): { message?: string; type?: string } {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed === '') return {};
    if (trimmed.startsWith('<')) {
      // An HTML error page from a proxy or CDN: its title is the readable part.
      const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
      return title ? { message: title } : {};
    }
    try {
      return messageFrom(JSON.parse(trimmed) as unknown);
    } catch {
      return { message: trimmed.slice(0, MAX_MESSAGE_CHARS) };
    }
  }
  if (body instanceof Uint8Array) return messageFrom(new TextDecoder().decode(body));
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'object' && inner !== null) {
    const error = inner as Record<string, unknown>;
    return {
      message: typeof error.message === 'string' ? error.message : undefined,
      type: typeof error.type === 'string' ? error.type : undefined,
    };
  }
  if (typeof inner === 'string') return { message: inner };
  if (typeof record.message === 'string') return { message: record.message };
  return {};
}

/** Reads any upstream error body (Anthropic's shape, another JSON shape, or plain text). */
export function decodeError(status: number, body: unknown): CanonicalError {
  const { message, type } = messageFrom(body);
  let kind = errorKindForStatus(status);
  // A status outside the table (e.g. 502 from a proxy) still carries a meaningful type.
  if (kind === 'api_error' && type !== undefined) kind = KIND_BY_TYPE.get(type) ?? 'api_error';
  return { status, kind, message: message ?? `upstream returned HTTP ${status}` };
}
