import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerValue, messageRetryAt, nextMidnightAt, parseDuration, parseRetryAfter, rateLimitResetAt, retryAfterAt } from './retry-hints.js';

const NOW = Date.UTC(2025, 4, 1, 12, 0, 0);

test('headerValue takes the first value, trims it and treats blanks as absent', () => {
  assert.equal(headerValue({ 'retry-after': ['7', '9'] }, 'retry-after'), '7');
  assert.equal(headerValue({ 'retry-after': ' 5 ' }, 'retry-after'), '5');
  assert.equal(headerValue({ 'retry-after': '  ' }, 'retry-after'), undefined);
  assert.equal(headerValue(undefined, 'retry-after'), undefined);
});

test('Retry-After as delta-seconds', () => {
  assert.equal(parseRetryAfter('120', NOW), NOW + 120_000);
  assert.equal(parseRetryAfter('0', NOW), NOW);
  assert.equal(parseRetryAfter('1.5', NOW), NOW + 1_500);
});

test('Retry-After as an HTTP-date, a past date meaning now', () => {
  assert.equal(parseRetryAfter('Thu, 01 May 2025 12:05:00 GMT', NOW), NOW + 5 * 60_000);
  assert.equal(parseRetryAfter('Thu, 01 May 2025 11:00:00 GMT', NOW), NOW);
});

test('unreadable Retry-After values are ignored', () => {
  for (const bad of ['-5', 'soon', '', '12abc', '1e3']) assert.equal(parseRetryAfter(bad, NOW), undefined, bad);
});

test('Go-style durations as OpenAI and Gemini send them', () => {
  assert.equal(parseDuration('1s'), 1_000);
  assert.equal(parseDuration('6m0s'), 360_000);
  assert.equal(parseDuration('20ms'), 20);
  assert.equal(parseDuration('1h2m3.5s'), 3_723_500);
  assert.equal(parseDuration('0.5s'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('1500us'), 2);
  for (const bad of ['', '5', '1x', '1s2', 's', '-1s']) assert.equal(parseDuration(bad), undefined, bad);
});

test('retry-after-ms is read before Retry-After, which is read when it is alone', () => {
  assert.equal(retryAfterAt({ 'retry-after-ms': '1234', 'retry-after': '2' }, NOW), NOW + 1_234);
  assert.equal(retryAfterAt({ 'retry-after': '2' }, NOW), NOW + 2_000);
  assert.equal(retryAfterAt({ 'retry-after-ms': 'x', 'retry-after': '2' }, NOW), NOW + 2_000);
  assert.equal(retryAfterAt({}, NOW), undefined);
});

test('OpenAI reset headers: the exhausted window decides, else the latest reset', () => {
  const headers = {
    'x-ratelimit-reset-requests': '6m0s',
    'x-ratelimit-reset-tokens': '20ms',
    'x-ratelimit-remaining-requests': '12',
    'x-ratelimit-remaining-tokens': '0',
  };
  assert.equal(rateLimitResetAt(headers, NOW), NOW + 20);
  assert.equal(rateLimitResetAt({ 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-reset-tokens': '1s' }, NOW), NOW + 360_000);
});

test('Anthropic reset headers are RFC 3339 times', () => {
  const headers = {
    'anthropic-ratelimit-requests-reset': '2025-05-01T12:00:40Z',
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-tokens-reset': '2025-05-01T12:00:05Z',
    'anthropic-ratelimit-tokens-remaining': '5000',
  };
  assert.equal(rateLimitResetAt(headers, NOW), NOW + 40_000);
  assert.equal(rateLimitResetAt({ 'anthropic-ratelimit-input-tokens-reset': '2025-05-01T14:00:00+02:00' }, NOW), NOW);
  assert.equal(rateLimitResetAt({ 'anthropic-ratelimit-requests-reset': 'tomorrow' }, NOW), undefined);
});

test('an unprefixed x-ratelimit-reset is read as epoch ms, epoch seconds or seconds to wait', () => {
  assert.equal(rateLimitResetAt({ 'x-ratelimit-reset': String(NOW + 9_000) }, NOW), NOW + 9_000);
  assert.equal(rateLimitResetAt({ 'x-ratelimit-reset': String(NOW / 1000 + 9) }, NOW), NOW + 9_000);
  assert.equal(rateLimitResetAt({ 'x-ratelimit-reset': '9' }, NOW), NOW + 9_000);
  assert.equal(rateLimitResetAt({}, NOW), undefined);
});

test('waits written in messages', () => {
  assert.equal(messageRetryAt('Rate limit reached for gpt-4o ... Please try again in 6m0s. Visit ...', NOW), NOW + 360_000);
  assert.equal(messageRetryAt('Please try again in 1.25s.', NOW), NOW + 1_250);
  assert.equal(
    messageRetryAt('You have reached your specified API usage limits. You will regain access on 2025-06-01 at 00:00 UTC.', NOW),
    Date.UTC(2025, 5, 1),
  );
  assert.equal(messageRetryAt('Too many requests', NOW), undefined);
});

test('next midnight Pacific time, across daylight-saving changes', () => {
  const la = 'America/Los_Angeles';
  // Winter, UTC-8.
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 0, 15, 10)), Date.UTC(2025, 0, 16, 8));
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 0, 16, 7, 59, 59)), Date.UTC(2025, 0, 16, 8));
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 0, 16, 8)), Date.UTC(2025, 0, 17, 8));
  // Summer, UTC-7.
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 6, 15, 10)), Date.UTC(2025, 6, 16, 7));
  // The day clocks spring forward (9 March 2025): midnight before it is PST, after it PDT.
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 2, 8, 12)), Date.UTC(2025, 2, 9, 8));
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 2, 9, 12)), Date.UTC(2025, 2, 10, 7));
  // The day clocks fall back (2 November 2025).
  assert.equal(nextMidnightAt(la, Date.UTC(2025, 10, 2, 12)), Date.UTC(2025, 10, 3, 8));
  assert.equal(nextMidnightAt('UTC', Date.UTC(2025, 0, 15, 10)), Date.UTC(2025, 0, 16));
});
