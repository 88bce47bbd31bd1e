import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isExhausted, learnLimits } from './learned-limits.js';

const now = 1_800_000_000_000;

test('OpenAI-style headers: limits, remaining and the reset of the spent window', () => {
  const l = learnLimits(
    { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '29000', 'x-ratelimit-reset-tokens': '2s' },
    now,
  );
  assert.deepEqual(l, { at: now, requestsLimit: 500, requestsRemaining: 0, tokensLimit: 30000, tokensRemaining: 29000, resetAt: now + 360_000 });
  assert.equal(isExhausted(l!, now), true);
  assert.equal(isExhausted(l!, now + 360_001), false, 'a refilled window is not exhausted');
});

test('Anthropic headers', () => {
  const reset = new Date(now + 30_000).toISOString();
  const l = learnLimits({ 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49', 'anthropic-ratelimit-requests-reset': reset }, now);
  assert.equal(l?.requestsLimit, 50);
  assert.equal(l?.requestsRemaining, 49);
  assert.equal(l?.resetAt, now + 30_000);
  assert.equal(isExhausted(l!, now), false);
});

test('no rate-limit headers: nothing learned', () => {
  assert.equal(learnLimits({ 'content-type': 'application/json' }, now), undefined);
});
