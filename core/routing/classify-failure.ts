import type { FailureFacts, FailureScope, GatewayError, GatewayErrorCode } from './gateway-error.js';
import { messageRetryAt, nextMidnightAt, parseDuration, rateLimitResetAt, retryAfterAt } from './retry-hints.js';

/**
 * Turns one upstream failure into the GatewayError that decides fallback. The status decides
 * the family; the body and headers refine it (quota or rate limit, account or model, when to
 * come back).
 */
export function classifyFailure(facts: FailureFacts): GatewayError {
  const { status } = facts;
  if (status === undefined) return transportFailure(facts);
  const body = readErrorBody(facts.rawBody);
  const text = [facts.error.message, ...body.messages].join('\n');

  if (status === 429) return tooManyRequests(facts, status, body, text);
  if (status === 402 || ((status === 400 || status === 403) && isCreditExhausted(body, text))) {
    // Out of credit is the account's state, not the request's: another account may have some.
    return make(facts, { code: 'quota_exhausted', status, retryable: true, scope: 'account', retryAt: explicitRetryAt(facts) ?? messageRetryAt(text, facts.now) });
  }
  if (status === 401 || (status === 400 && isInvalidApiKey(body, text))) {
    return keyRejected(make(facts, { code: 'authentication_failed', status, retryable: true, scope: 'account' }));
  }
  if (status === 403) return keyRejected(make(facts, { code: 'permission_denied', status, retryable: true, scope: 'account' }));
  if (status === 408) return make(facts, { code: 'timeout', status, retryable: true, scope: 'account' });
  if (status === 404) return make(facts, { code: 'not_found', status, retryable: false, scope: 'account' });
  if (status === 413) return make(facts, { code: 'request_too_large', status, retryable: false, scope: 'account' });
  // Any other 4xx (400, 409, 422, ...) says the request itself is wrong: every account would refuse it.
  if (status >= 400 && status < 500) return make(facts, { code: 'bad_request', status, retryable: false, scope: 'account' });

  if (status === 503 || status === 529 || facts.error.kind === 'overloaded') {
    return make(facts, { code: 'overloaded', status, retryable: true, scope: 'account', retryAt: explicitRetryAt(facts) });
  }
  if (status === 504) return make(facts, { code: 'timeout', status, retryable: true, scope: 'account' });
  return make(facts, { code: 'upstream_error', status, retryable: true, scope: 'account' });
}

interface Verdict {
  code: GatewayErrorCode;
  status: number;
  retryable: boolean;
  scope: FailureScope;
  retryAt?: number | undefined;
}

function make(facts: FailureFacts, v: Verdict): GatewayError {
  const { retryAt, ...rest } = v;
  if (retryAt === undefined) return { ...rest, error: facts.error };
  // The client hears the same wait routing uses, should no other candidate answer.
  const retryAfter = facts.error.retryAfter ?? Math.max(0, Math.ceil((retryAt - facts.now) / 1000));
  return { ...rest, retryAt, error: { ...facts.error, retryAfter } };
}

/**
 * The client hears that the provider refused the account's key, not a bare 401 its SDK would
 * read as its own gateway key being wrong.
 */
function keyRejected(g: GatewayError): GatewayError {
  return { ...g, error: { ...g.error, message: `The provider rejected this account's API key (${g.status}): ${g.error.message}` } };
}

function transportFailure(facts: FailureFacts): GatewayError {
  const timedOut = facts.error.kind === 'timeout';
  const status = facts.error.status >= 400 ? facts.error.status : timedOut ? 504 : 502;
  // A host that cannot be reached is down for every account at that provider.
  return make(facts, { code: timedOut ? 'timeout' : 'connection_failed', status, retryable: true, scope: 'provider' });
}

function tooManyRequests(facts: FailureFacts, status: number, body: ErrorBody, text: string): GatewayError {
  const { now } = facts;
  const perDay = body.violations.some((v) => v.perDay);
  const quota = perDay || isCreditExhausted(body, text) || /(?<![a-z])per[ _]?day(?![a-z])|daily (?:limit|quota)|API usage limits?/i.test(text) || /PerDay/.test(text);
  const explicit = explicitRetryAt(facts);
  // Rate-limit windows (x-ratelimit-*, RetryInfo) say nothing about a spent quota, so a quota
  // waits for an explicit hint; Gemini's per-day quotas reset at midnight Pacific time.
  const retryAt = quota
    ? (explicit ?? (perDay ? nextMidnightAt('America/Los_Angeles', now) : undefined) ?? messageRetryAt(text, now))
    : (explicit ??
      rateLimitResetAt(facts.headers, now) ??
      (body.retryDelayMs === undefined ? undefined : now + body.retryDelayMs) ??
      messageRetryAt(text, now));
  return make(facts, { code: quota ? 'quota_exhausted' : 'rate_limited', status, retryable: true, scope: limitScope(body, text, quota), retryAt });
}

/**
 * Which scope a 429 cools. OpenAI, Anthropic and Gemini count rate limits per model, so a
 * rate limit cools only the model it hit unless the error says the account itself is limited:
 * a wrong guess then costs one more 429 from another model, where cooling the whole account
 * would refuse models that still answer. Spent credit belongs to the account.
 */
function limitScope(body: ErrorBody, text: string, quota: boolean): FailureScope {
  // Gemini names the dimensions of each violated quota: another model on the account has room
  // only when every violated quota is per model.
  if (body.violations.length > 0) return body.violations.every((v) => v.perModel) ? 'model' : 'account';
  if (isPerModel(text)) return 'model';
  if (quota || isAccountWide(text)) return 'account';
  return 'model';
}

function explicitRetryAt(facts: FailureFacts): number | undefined {
  const fromHeaders = retryAfterAt(facts.headers, facts.now);
  if (fromHeaders !== undefined) return fromHeaders;
  const seconds = facts.error.retryAfter;
  return seconds === undefined || !(seconds >= 0) ? undefined : facts.now + Math.ceil(seconds * 1000);
}

function isPerModel(text: string): boolean {
  // OpenAI (and Groq, in its words): "Rate limit reached for gpt-4o in organization org-... on tokens per min".
  return /rate limit reached for \S+ in organization/i.test(text) || /(?<![a-z])per[ _-]?(?:base[ _-]?)?model(?![a-z])/i.test(text) || /PerModel/.test(text);
}

function isAccountWide(text: string): boolean {
  // "Too many requests for this API key", "rate limit per account", "... across all models".
  // Not "your organization": Anthropic says that of limits it counts per model.
  return (
    /(?<![a-z])(?:per|this|your) (?:account|api[ _-]?key|key|user)(?![a-z])/i.test(text) || /(?<![a-z])(?:across|for) all (?:of your )?models(?![a-z])/i.test(text)
  );
}

function isCreditExhausted(body: ErrorBody, text: string): boolean {
  // OpenAI: code insufficient_quota; Anthropic: type billing_error or "Your credit balance is
  // too low". Not the bare "exceeded your current quota": Gemini says that for per-minute limits too.
  if (body.codes.some((c) => c === 'insufficient_quota' || c === 'billing_error')) return true;
  return /credit balance is too low|insufficient[_ ](?:quota|credits?|balance)|out of credits?/i.test(text);
}

function isInvalidApiKey(body: ErrorBody, text: string): boolean {
  // Gemini answers a bad or expired key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
  return body.reasons.includes('API_KEY_INVALID') || /api key (?:not valid|expired|invalid)/i.test(text);
}

// ---------------------------------------------------------------------------------------
// What an upstream error body says beyond its message, for OpenAI ({error: {code, type}}),
// Anthropic ({type: 'error', error: {type}}) and Gemini ({error: {status, details}}, sometimes
// wrapped in an array on streaming endpoints).
// ---------------------------------------------------------------------------------------

interface QuotaViolation {
  perModel: boolean;
  perDay: boolean;
}

interface ErrorBody {
  codes: string[];
  messages: string[];
  reasons: string[];
  violations: QuotaViolation[];
  retryDelayMs?: number;
}

function readErrorBody(raw: unknown): ErrorBody {
  const body: ErrorBody = { codes: [], messages: [], reasons: [], violations: [] };
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      body.messages.push(raw);
      return body;
    }
  }
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value)) return body;
  const error = isRecord(value.error) ? value.error : value;
  for (const field of [error.code, error.type, error.status]) {
    if (typeof field === 'string') body.codes.push(field);
  }
  if (typeof error.message === 'string') body.messages.push(error.message);
  if (!Array.isArray(error.details)) return body;
  for (const detail of error.details) {
    if (!isRecord(detail) || typeof detail['@type'] !== 'string') continue;
    const type = detail['@type'];
    if (type.endsWith('google.rpc.QuotaFailure') && Array.isArray(detail.violations)) {
      for (const v of detail.violations) if (isRecord(v)) body.violations.push(readViolation(v));
    } else if (type.endsWith('google.rpc.RetryInfo')) {
      const delay = readProtoDuration(detail.retryDelay);
      if (delay !== undefined) body.retryDelayMs = delay;
    } else if (type.endsWith('google.rpc.ErrorInfo') && typeof detail.reason === 'string') {
      body.reasons.push(detail.reason);
    }
  }
  return body;
}

function readViolation(v: Record<string, unknown>): QuotaViolation {
  const names = [v.quotaId, v.quotaMetric].filter((n): n is string => typeof n === 'string').join(' ');
  const dimensions = isRecord(v.quotaDimensions) ? v.quotaDimensions : {};
  return {
    perModel: 'model' in dimensions || /per_?model/i.test(names),
    perDay: /per_?day/i.test(names),
  };
}

/** A google.protobuf.Duration in JSON ("30s") or object ({seconds, nanos}) form, in ms. */
function readProtoDuration(value: unknown): number | undefined {
  if (typeof value === 'string') return parseDuration(value);
  if (!isRecord(value)) return undefined;
  const seconds = Number(value.seconds ?? 0);
  const nanos = Number(value.nanos ?? 0);
  if (!Number.isFinite(seconds) || !Number.isFinite(nanos) || seconds < 0 || nanos < 0) return undefined;
  return Math.ceil(seconds * 1000 + nanos / 1e6);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
