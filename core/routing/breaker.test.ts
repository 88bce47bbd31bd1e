import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  breakerPhase,
  canPass,
  CLOSED_BREAKER,
  countsTowardBreaker,
  pass,
  recordFailure,
  recordSuccess,
  releaseTrial,
  reopensAt,
  reset,
  type BreakerConfig,
  type BreakerState,
} from './breaker.js';
import { classifyFailure } from './classify-failure.js';
import type { ErrorKind } from '../formats/canonical.js';

const T0 = 1_700_000_000_000;
const CONFIG: BreakerConfig = { threshold: 3, coolOffMs: 30_000, maxCoolOffMs: 100_000, trialTimeoutMs: 60_000 };

function failTimes(state: BreakerState, n: number, now: number): BreakerState {
  let s = state;
  for (let i = 0; i < n; i += 1) s = recordFailure(s, now, CONFIG);
  return s;
}

function openAt(now: number): BreakerState {
  return failTimes(CLOSED_BREAKER, CONFIG.threshold, now);
}

test('a closed breaker opens after `threshold` failures in a row', () => {
  const two = failTimes(CLOSED_BREAKER, 2, T0);
  assert.deepEqual(two, { phase: 'closed', failures: 2 });
  assert.equal(canPass(two, T0, CONFIG), true);
  const open = recordFailure(two, T0 + 5, CONFIG);
  assert.deepEqual(open, { phase: 'open', openedAt: T0 + 5, coolOffMs: 30_000 });
  assert.equal(canPass(open, T0 + 5, CONFIG), false);
});

test('a success resets the count: only consecutive failures open it', () => {
  let s = failTimes(CLOSED_BREAKER, 2, T0);
  s = recordSuccess(s);
  assert.equal(s, CLOSED_BREAKER);
  s = failTimes(s, 2, T0);
  assert.equal(s.phase, 'closed');
  assert.equal(recordSuccess(CLOSED_BREAKER), CLOSED_BREAKER, 'no change, same object');
});

test('open blocks until the cool-off has elapsed, then reads as half-open', () => {
  const open = openAt(T0);
  assert.equal(reopensAt(open), T0 + 30_000);
  assert.equal(canPass(open, T0 + 29_999, CONFIG), false);
  assert.equal(breakerPhase(open, T0 + 29_999), 'open');
  assert.equal(pass(open, T0 + 29_999, CONFIG).allowed, false);
  assert.equal(canPass(open, T0 + 30_000, CONFIG), true);
  assert.equal(breakerPhase(open, T0 + 30_000), 'half-open');
});

test('half-open lets exactly one trial through at a time', () => {
  const first = pass(openAt(T0), T0 + 30_000, CONFIG);
  assert.equal(first.allowed, true);
  assert.deepEqual(first.state, { phase: 'half-open', coolOffMs: 30_000, trialSince: T0 + 30_000 });
  const second = pass(first.state, T0 + 30_001, CONFIG);
  assert.equal(second.allowed, false);
  assert.equal(second.state, first.state);
  assert.equal(canPass(first.state, T0 + 30_001, CONFIG), false);
});

test("the trial's success closes the breaker", () => {
  const trial = pass(openAt(T0), T0 + 30_000, CONFIG).state;
  const closed = recordSuccess(trial);
  assert.deepEqual(closed, { phase: 'closed', failures: 0 });
  assert.equal(canPass(closed, T0 + 30_001, CONFIG), true);
});

test("the trial's failure re-opens it for twice the cool-off, up to the maximum", () => {
  let s = openAt(T0);
  let t = T0;
  const coolOffs: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const at = reopensAt(s) ?? Number.NaN;
    t = at;
    s = pass(s, t, CONFIG).state;
    s = recordFailure(s, t + 10, CONFIG);
    assert.equal(s.phase, 'open');
    coolOffs.push((reopensAt(s) ?? Number.NaN) - (t + 10));
  }
  assert.deepEqual(coolOffs, [60_000, 100_000, 100_000, 100_000]);
  // After a success the next opening starts from the base cool-off again.
  t = reopensAt(s) ?? Number.NaN;
  s = recordSuccess(pass(s, t, CONFIG).state);
  s = failTimes(s, CONFIG.threshold, t + 1);
  assert.equal(reopensAt(s), t + 1 + 30_000);
});

test('a trial that never reports stops blocking after the trial timeout; a released one at once', () => {
  const trial = pass(openAt(T0), T0 + 30_000, CONFIG).state;
  assert.equal(canPass(trial, T0 + 30_000 + 59_999, CONFIG), false);
  assert.equal(canPass(trial, T0 + 30_000 + 60_000, CONFIG), true);
  const released = releaseTrial(trial);
  assert.deepEqual(released, { phase: 'half-open', coolOffMs: 30_000 });
  assert.equal(canPass(released, T0 + 30_001, CONFIG), true);
  assert.equal(releaseTrial(CLOSED_BREAKER), CLOSED_BREAKER);
});

test('late outcomes of requests sent before the breaker opened change nothing while it is open', () => {
  const open = openAt(T0);
  assert.equal(recordFailure(open, T0 + 1_000, CONFIG), open);
  assert.equal(recordSuccess(open), open);
  assert.equal(recordFailure(open, T0 + 40_000, CONFIG), open, 'even past the cool-off, only the trial decides');
});

test('closed passes without claiming anything; reset closes', () => {
  const p = pass(CLOSED_BREAKER, T0, CONFIG);
  assert.equal(p.allowed, true);
  assert.equal(p.state, CLOSED_BREAKER);
  assert.deepEqual(reset(), CLOSED_BREAKER);
});

test('only retryable upstream and transport failures count', () => {
  const now = T0;
  const http = (status: number, kind: ErrorKind = 'api_error') => classifyFailure({ status, error: { status, kind, message: 'x' }, now });
  assert.equal(countsTowardBreaker(http(500)), true);
  assert.equal(countsTowardBreaker(http(502)), true);
  assert.equal(countsTowardBreaker(http(503, 'overloaded')), true);
  assert.equal(countsTowardBreaker(http(504)), true);
  assert.equal(countsTowardBreaker(http(529, 'overloaded')), true);
  assert.equal(countsTowardBreaker(classifyFailure({ error: { status: 504, kind: 'timeout', message: 't' }, now })), true);
  assert.equal(countsTowardBreaker(classifyFailure({ error: { status: 502, kind: 'api_error', message: 'c' }, now })), true);
  assert.equal(countsTowardBreaker(http(429, 'rate_limit')), false);
  assert.equal(countsTowardBreaker(http(401, 'authentication')), false);
  assert.equal(countsTowardBreaker(http(403, 'permission')), false);
  assert.equal(countsTowardBreaker(http(400, 'invalid_request')), false);
  assert.equal(countsTowardBreaker(http(404, 'not_found')), false);
});
