import type { CanonicalError, ErrorKind } from '../formats/canonical.js';

/**
 * Where a failure lives, which decides what routing avoids next: one account, one model on
 * one account (a per-model rate limit), or the whole provider (an outage).
 */
export type FailureScope = 'account' | 'model' | 'provider';

export const GATEWAY_ERROR_CODES = [
  'rate_limited',
  'quota_exhausted',
  'overloaded',
  'upstream_error',
  'timeout',
  'connection_failed',
  'authentication_failed',
  'permission_denied',
  'bad_request',
  'not_found',
  'request_too_large',
  'stream_interrupted',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/**
 * Every upstream failure, as the one value that decides fallback: nothing else in the
 * gateway inspects status codes.
 */
export interface GatewayError {
  code: GatewayErrorCode;
  /** The status a client gets if no fallback succeeds. */
  status: number;
  /** Another account or model may succeed where this one failed. */
  retryable: boolean;
  scope: FailureScope;
  /** Unix ms before which the failed scope should not be tried again, when known. */
  retryAt?: number;
  /** For the client, in its own error shape. */
  error: CanonicalError;
}

export interface FailureFacts {
  /** The upstream's HTTP status, or undefined when no HTTP answer came (transport failure). */
  status?: number;
  /** The upstream error as its codec decoded it (message, kind), or a transport error. */
  error: CanonicalError;
  /** Response headers (lower-case names), for Retry-After and provider reset hints. */
  headers?: Record<string, string | string[] | undefined>;
  /**
   * The upstream's error body as received (parsed JSON, or the text when it was not JSON),
   * for what the decoded error drops: OpenAI's `insufficient_quota` code, Anthropic's
   * `billing_error` type, Gemini's QuotaFailure and RetryInfo details.
   */
  rawBody?: unknown;
  now: number;
}

export type { ErrorKind };
