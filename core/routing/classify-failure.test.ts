import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalError, ErrorKind } from '../formats/canonical.js';
import { classifyFailure } from './classify-failure.js';
import type { FailureFacts } from './gateway-error.js';

// Winter, so Pacific time is UTC-8.
const NOW = Date.UTC(2025, 0, 15, 10, 0, 0);

function err(status: number, kind: ErrorKind, message = 'upstream said no'): CanonicalError {
  return { status, kind, message };
}

function http(status: number, more: Partial<FailureFacts> = {}): FailureFacts {
  const kind: ErrorKind = status === 429 ? 'rate_limit' : status >= 500 ? 'api_error' : 'invalid_request';
  return { status, error: err(status, kind), now: NOW, ...more };
}

test('a transport timeout is a provider-wide, retryable timeout', () => {
  const g = classifyFailure({ error: err(504, 'timeout', 'The upstream provider did not answer in time.'), now: NOW });
  assert.deepEqual(
    { code: g.code, status: g.status, retryable: g.retryable, scope: g.scope, retryAt: g.retryAt },
    { code: 'timeout', status: 504, retryable: true, scope: 'provider', retryAt: undefined },
  );
  assert.equal(g.error.message, 'The upstream provider did not answer in time.');
});

test('any other transport failure is a provider-wide connection failure', () => {
  const g = classifyFailure({ error: err(502, 'api_error', 'Could not reach the upstream provider (ECONNREFUSED).'), now: NOW });
  assert.equal(g.code, 'connection_failed');
  assert.equal(g.status, 502);
  assert.equal(g.retryable, true);
  assert.equal(g.scope, 'provider');
});

test('429 with Retry-After in seconds cools the model it hit until then and tells the client', () => {
  const g = classifyFailure(http(429, { headers: { 'retry-after': '30' } }));
  assert.equal(g.code, 'rate_limited');
  assert.equal(g.retryable, true);
  assert.equal(g.scope, 'model', 'an error that does not say the account is limited leaves its other models alone');
  assert.equal(g.retryAt, NOW + 30_000);
  assert.equal(g.error.retryAfter, 30);
  assert.equal(g.error.status, 429);
});

test('429 with Retry-After as an HTTP-date', () => {
  const g = classifyFailure(http(429, { headers: { 'retry-after': 'Wed, 15 Jan 2025 10:02:00 GMT' } }));
  assert.equal(g.retryAt, NOW + 120_000);
  assert.equal(g.error.retryAfter, 120);
});

test('a Retry-After the codec already read into the error counts as well', () => {
  const g = classifyFailure({ status: 429, error: { ...err(429, 'rate_limit'), retryAfter: 4 }, now: NOW });
  assert.equal(g.retryAt, NOW + 4_000);
  assert.equal(g.error.retryAfter, 4);
});

test('429 without any hint has no retryAt (the cooldown book backs off)', () => {
  const g = classifyFailure(http(429));
  assert.equal(g.code, 'rate_limited');
  assert.equal(g.retryAt, undefined);
  assert.equal(g.error.retryAfter, undefined);
});

test('OpenAI per-model rate limit: model scope, reset from the exhausted window', () => {
  const message = 'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 2s.';
  const g = classifyFailure({
    status: 429,
    error: err(429, 'rate_limit', message),
    headers: { 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-tokens': '1.5s', 'x-ratelimit-remaining-tokens': '0' },
    rawBody: { error: { message, type: 'tokens', param: null, code: 'rate_limit_exceeded' } },
    now: NOW,
  });
  assert.equal(g.code, 'rate_limited');
  assert.equal(g.scope, 'model');
  assert.equal(g.retryAt, NOW + 1_500);
});

test('a wait written in the message is the last resort', () => {
  const message = 'Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM). Please try again in 6m0s.';
  const g = classifyFailure({ status: 429, error: err(429, 'rate_limit', message), now: NOW });
  assert.equal(g.retryAt, NOW + 360_000);
});

test('retry-after-ms beats the window headers', () => {
  const g = classifyFailure(http(429, { headers: { 'retry-after-ms': '250', 'x-ratelimit-reset-tokens': '10s' } }));
  assert.equal(g.retryAt, NOW + 250);
});

test('OpenAI insufficient_quota is quota exhausted for the account, and rate windows are not its reset', () => {
  const message = 'You exceeded your current quota, please check your plan and billing details.';
  const g = classifyFailure({
    status: 429,
    error: err(429, 'rate_limit', message),
    headers: { 'x-ratelimit-reset-requests': '1s' },
    rawBody: { error: { message, type: 'insufficient_quota', param: null, code: 'insufficient_quota' } },
    now: NOW,
  });
  assert.equal(g.code, 'quota_exhausted');
  assert.equal(g.retryable, true);
  assert.equal(g.scope, 'account');
  assert.equal(g.retryAt, undefined);
});

test('the same quota message without a body that says quota stays a rate limit (Gemini says it for per-minute limits)', () => {
  const g = classifyFailure({ status: 429, error: err(429, 'rate_limit', 'You exceeded your current quota, please check your plan and billing details.'), now: NOW });
  assert.equal(g.code, 'rate_limited');
});

test('Anthropic 429 takes its reset from anthropic-ratelimit-* headers', () => {
  const g = classifyFailure(
    http(429, {
      headers: {
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': '2025-01-15T10:00:45Z',
        'anthropic-ratelimit-tokens-remaining': '1000',
        'anthropic-ratelimit-tokens-reset': '2025-01-15T10:00:02Z',
      },
      rawBody: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your per-minute rate limit' } },
    }),
  );
  assert.equal(g.code, 'rate_limited');
  // Anthropic applies its rate limits per model, though the message speaks of the organization.
  assert.equal(g.scope, 'model');
  assert.equal(g.retryAt, NOW + 45_000);
});

test('a 429 that says the account or key itself is limited cools the whole account', () => {
  for (const message of [
    'Too many requests for this API key. Please slow down.',
    'You are sending requests too quickly on this account.',
    'Rate limit exceeded: 20 requests per minute per user.',
    'Your key is limited to 60 requests per minute across all models.',
  ]) {
    const g = classifyFailure({ status: 429, error: err(429, 'rate_limit', message), rawBody: { error: { message, code: 'rate_limit_exceeded' } }, now: NOW });
    assert.equal(g.code, 'rate_limited', message);
    assert.equal(g.scope, 'account', message);
  }
  const anthropic = 'This request would exceed the rate limit for your organization of 50 requests per minute.';
  assert.equal(classifyFailure({ status: 429, error: err(429, 'rate_limit', anthropic), now: NOW }).scope, 'model');
  // A model named beats account words elsewhere in the text.
  const openai = 'Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM). Visit your account settings.';
  assert.equal(classifyFailure({ status: 429, error: err(429, 'rate_limit', openai), now: NOW }).scope, 'model');
});

test('Anthropic billing_error and a too-low credit balance are quota exhausted', () => {
  const billing = classifyFailure(http(429, { rawBody: { type: 'error', error: { type: 'billing_error', message: 'Billing issue' } } }));
  assert.equal(billing.code, 'quota_exhausted');
  // Anthropic sends the credit balance message with 400 invalid_request_error.
  const message = 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';
  const credit = classifyFailure({
    status: 400,
    error: err(400, 'invalid_request', message),
    rawBody: { type: 'error', error: { type: 'invalid_request_error', message } },
    now: NOW,
  });
  assert.equal(credit.code, 'quota_exhausted');
  assert.equal(credit.retryable, true);
  assert.equal(credit.scope, 'account');
  assert.equal(credit.status, 400);
});

test('Anthropic API usage limits are quota exhausted until the date the message names', () => {
  const message = 'You have reached your specified API usage limits. You will regain access on 2025-02-01 at 00:00 UTC.';
  const g = classifyFailure({ status: 429, error: err(429, 'rate_limit', message), now: NOW });
  assert.equal(g.code, 'quota_exhausted');
  assert.equal(g.retryAt, Date.UTC(2025, 1, 1));
});

function geminiQuota(violations: unknown[], retryDelay?: string): unknown {
  const details: unknown[] = [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations }];
  if (retryDelay !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay });
  return { error: { code: 429, message: 'You exceeded your current quota, please check your plan and billing details.', status: 'RESOURCE_EXHAUSTED', details } };
}

const perMinutePerModel = {
  quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
  quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
  quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
  quotaValue: '10',
};

test('Gemini per-minute, per-model quota: a model-scoped rate limit until RetryInfo', () => {
  const g = classifyFailure(http(429, { rawBody: geminiQuota([perMinutePerModel], '30s') }));
  assert.equal(g.code, 'rate_limited');
  assert.equal(g.scope, 'model');
  assert.equal(g.retryAt, NOW + 30_000);
  assert.equal(g.error.retryAfter, 30);
});

test('Gemini RetryInfo in protobuf object form', () => {
  const body = {
    error: {
      status: 'RESOURCE_EXHAUSTED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: { seconds: '12', nanos: 500_000_000 } }],
    },
  };
  assert.equal(classifyFailure(http(429, { rawBody: body })).retryAt, NOW + 12_500);
});

test('Gemini per-day quota is exhausted until midnight Pacific, whatever RetryInfo says', () => {
  const perDay = {
    quotaMetric: 'generativelanguage.googleapis.com/generate_requests_per_model_per_day',
    quotaId: 'GenerateRequestsPerDayPerProjectPerModel',
  };
  const g = classifyFailure(http(429, { rawBody: geminiQuota([perMinutePerModel, perDay], '17s') }));
  assert.equal(g.code, 'quota_exhausted');
  assert.equal(g.scope, 'model');
  assert.equal(g.retryAt, Date.UTC(2025, 0, 16, 8));
});

test('Gemini quotas that are not all per model cool the whole account', () => {
  const perProject = { quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProject' };
  assert.equal(classifyFailure(http(429, { rawBody: geminiQuota([perMinutePerModel, perProject]) })).scope, 'account');
});

test('Gemini bodies arrive as text and wrapped in an array on streaming endpoints', () => {
  const body = geminiQuota([perMinutePerModel], '5s');
  assert.equal(classifyFailure(http(429, { rawBody: JSON.stringify(body) })).retryAt, NOW + 5_000);
  assert.equal(classifyFailure(http(429, { rawBody: [body] })).scope, 'model');
  assert.equal(classifyFailure(http(429, { rawBody: '<html>Too Many Requests</html>' })).code, 'rate_limited');
});

test('Vertex names a per-base-model quota in its message', () => {
  const message = 'Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-pro.';
  const g = classifyFailure({ status: 429, error: err(429, 'rate_limit', message), now: NOW });
  assert.equal(g.scope, 'model');
  assert.equal(g.code, 'rate_limited');
});

test('401 is an account-scoped, retryable authentication failure without retryAt', () => {
  const g = classifyFailure(http(401, { error: err(401, 'authentication'), headers: { 'retry-after': '10' } }));
  assert.deepEqual(
    { code: g.code, status: g.status, retryable: g.retryable, scope: g.scope, retryAt: g.retryAt },
    { code: 'authentication_failed', status: 401, retryable: true, scope: 'account', retryAt: undefined },
  );
});

test('Gemini rejects a bad key with 400 API_KEY_INVALID: an authentication failure', () => {
  const rawBody = {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
    },
  };
  const g = classifyFailure(http(400, { rawBody }));
  assert.equal(g.code, 'authentication_failed');
  assert.equal(g.retryable, true);
});

test('403 is an account-scoped, retryable permission failure', () => {
  const g = classifyFailure(http(403, { error: err(403, 'permission') }));
  assert.equal(g.code, 'permission_denied');
  assert.equal(g.retryable, true);
  assert.equal(g.scope, 'account');
  assert.equal(g.retryAt, undefined);
});

test('402 Payment Required is quota exhausted', () => {
  const g = classifyFailure(http(402));
  assert.equal(g.code, 'quota_exhausted');
  assert.equal(g.retryable, true);
});

test('request errors do not fall back and do not retry', () => {
  const cases: Array<[number, string]> = [
    [400, 'bad_request'],
    [404, 'not_found'],
    [409, 'bad_request'],
    [413, 'request_too_large'],
    [422, 'bad_request'],
  ];
  for (const [status, code] of cases) {
    const g = classifyFailure(http(status, { headers: { 'retry-after': '5' } }));
    assert.equal(g.code, code, String(status));
    assert.equal(g.retryable, false, String(status));
    assert.equal(g.status, status);
    assert.equal(g.retryAt, undefined);
  }
});

test('408 and 504 are account-scoped, retryable timeouts', () => {
  for (const status of [408, 504]) {
    const g = classifyFailure(http(status));
    assert.equal(g.code, 'timeout');
    assert.equal(g.retryable, true);
    assert.equal(g.scope, 'account');
  }
});

test('5xx are retryable upstream errors scoped to the account', () => {
  for (const status of [500, 502]) {
    const g = classifyFailure(http(status, { headers: { 'retry-after': '60' } }));
    assert.equal(g.code, 'upstream_error');
    assert.equal(g.retryable, true);
    assert.equal(g.scope, 'account');
    assert.equal(g.retryAt, undefined);
  }
});

test('503 and 529 are overload, with retryAt only when Retry-After says so', () => {
  const busy = classifyFailure(http(503, { headers: { 'retry-after': '20' } }));
  assert.equal(busy.code, 'overloaded');
  assert.equal(busy.retryAt, NOW + 20_000);
  const anthropic = classifyFailure({ status: 529, error: err(529, 'overloaded', 'Overloaded'), headers: { 'retry-after': 'Wed, 15 Jan 2025 10:01:00 GMT' }, now: NOW });
  assert.equal(anthropic.code, 'overloaded');
  assert.equal(anthropic.retryAt, NOW + 60_000);
  assert.equal(anthropic.scope, 'account');
  assert.equal(classifyFailure(http(503)).retryAt, undefined);
  assert.equal(classifyFailure({ status: 500, error: err(500, 'overloaded'), now: NOW }).code, 'overloaded');
});

test('the client error is the upstream one, status kept', () => {
  const error = err(500, 'api_error', 'Internal server error');
  const g = classifyFailure({ status: 500, error, now: NOW });
  assert.deepEqual(g.error, error);
});
