import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorKind } from '../formats/canonical.js';
import { classifyFailure } from './classify-failure.js';
import type { FailureFacts, GatewayError } from './gateway-error.js';
import { createRoutingState, type RoutingStateOptions } from './routing-state.js';

const T0 = 1_700_000_000_000;
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

const c1 = { providerId: 'openai', connectionId: 'c1', model: 'gpt-4o' };
const c1mini = { ...c1, model: 'gpt-4o-mini' };
const c2 = { providerId: 'openai', connectionId: 'c2', model: 'gpt-4o' };
const other = { providerId: 'anthropic', connectionId: 'a1', model: 'claude-sonnet-4' };

function setup(opts: Omit<RoutingStateOptions, 'now'> = {}) {
  const clock = { t: T0 };
  const state = createRoutingState({
    now: () => clock.t,
    random: () => 0.5,
    breaker: { threshold: 3, coolOffMs: 30 * SEC, maxCoolOffMs: 5 * MIN },
    ...opts,
  });
  let changes = 0;
  state.onChange(() => {
    changes += 1;
  });
  return { clock, state, changes: () => changes };
}

function fail(clock: { t: number }, status: number | undefined, more: Partial<FailureFacts> = {}): GatewayError {
  const kind: ErrorKind = status === undefined ? 'api_error' : status === 429 ? 'rate_limit' : status >= 500 ? 'api_error' : 'invalid_request';
  const facts: FailureFacts = { error: { status: status ?? 502, kind, message: 'x' }, now: clock.t, ...more };
  if (status !== undefined) facts.status = status;
  return classifyFailure(facts);
}

test('a 429 that says the account is limited cools the account until Retry-After, for every model on it', () => {
  const { clock, state } = setup();
  assert.deepEqual(state.admit(c1), { allowed: true, trial: false });
  const rawBody = { error: { message: 'Too many requests for this API key.', code: 'rate_limit_exceeded' } };
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '20' }, rawBody }));
  const blocked = { allowed: false, blockedBy: 'cooldown', key: 'account:c1', until: T0 + 20 * SEC, reason: 'rate_limited' };
  assert.deepEqual(state.admit(c1), blocked);
  assert.deepEqual(state.admit(c1mini), blocked);
  assert.equal(state.admit(c2).allowed, true);
  clock.t = T0 + 20 * SEC;
  assert.equal(state.admit(c1).allowed, true);
});

test('a 429 that does not say the account is limited cools only the model it hit', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '20' } }));
  const blocked = { allowed: false, blockedBy: 'cooldown', key: 'model:c1:gpt-4o', until: T0 + 20 * SEC, reason: 'rate_limited' };
  assert.deepEqual(state.check(c1), blocked);
  assert.deepEqual(state.check(c1mini), { allowed: true, trial: false }, 'another model on the same account still answers');
});

test('freeAt: when the cooldowns end, now when none is active, undefined while a breaker holds the target', () => {
  const { clock, state } = setup();
  assert.equal(state.freeAt(c1), T0);
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '2' } }));
  const accountWide = { error: { message: 'Too many requests for this API key.' } };
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '5' }, rawBody: accountWide }));
  assert.equal(state.freeAt(c1), T0 + 5 * SEC, 'the latest of the cooldowns in its way');
  assert.equal(state.freeAt(c1mini), T0 + 5 * SEC);
  for (let i = 0; i < 3; i += 1) state.recordFailure(c2, fail(clock, 500));
  assert.equal(state.freeAt(c2), undefined, 'an open breaker frees on a trial, not at a time');
});

test('a model-scoped 429 cools only that model on that account', () => {
  const { clock, state } = setup();
  const rawBody = {
    error: {
      status: 'RESOURCE_EXHAUSTED',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', quotaDimensions: { model: 'gpt-4o' } }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '40s' },
      ],
    },
  };
  state.recordFailure(c1, fail(clock, 429, { rawBody }));
  assert.equal(state.check(c1).allowed, false);
  assert.equal(state.check(c1mini).allowed, true);
  assert.deepEqual(
    state.cooldowns().map((c) => [c.key, c.until]),
    [['model:c1:gpt-4o', T0 + 40 * SEC]],
  );
});

test('concurrent 429s on one account share one cooldown and one strike', () => {
  const { clock, state, changes } = setup();
  for (let i = 0; i < 5; i += 1) state.admit(c1);
  state.recordFailure(c1, fail(clock, 429));
  const first = state.cooldowns();
  clock.t += 100;
  for (let i = 0; i < 4; i += 1) state.recordFailure(c1, fail(clock, 429));
  const after = state.cooldowns();
  assert.equal(after.length, 1);
  assert.equal(after[0]?.strikes, 1);
  assert.equal(after[0]?.until, first[0]?.until, 'the same jittered end: no retry storm of extensions');
  assert.equal(changes(), 1, 'only the first failure changed anything');
});

test('5xx open the account and provider breakers; the provider one stops every account', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 3; i += 1) state.recordFailure(c1, fail(clock, 500));
  assert.deepEqual(state.admit(c1), { allowed: false, blockedBy: 'breaker', key: 'provider:openai', until: T0 + 30 * SEC });
  assert.equal(state.admit(c2).allowed, false);
  assert.equal(state.admit(other).allowed, true);
  assert.deepEqual(
    state.breakers().map((b) => [b.key, b.phase]),
    [
      ['account:c1', 'open'],
      ['provider:openai', 'open'],
    ],
  );
});

test("one request's retries count once toward each breaker; another request counts again", () => {
  const { clock, state } = setup();
  const counted = new Set<string>();
  for (let i = 0; i < 6; i += 1) state.recordFailure(c1, fail(clock, 500), counted);
  assert.deepEqual(
    state.breakers().map((b) => [b.key, b.phase, b.failures]),
    [
      ['account:c1', 'closed', 1],
      ['provider:openai', 'closed', 1],
    ],
  );
  // The same request on the second account: its account counts, the provider does not again.
  state.recordFailure(c2, fail(clock, 500), counted);
  assert.deepEqual(state.breakers().find((b) => b.key === 'provider:openai')?.failures, 1);
  assert.deepEqual(state.breakers().find((b) => b.key === 'account:c2')?.failures, 1);
  for (let i = 0; i < 2; i += 1) state.recordFailure(c1, fail(clock, 500), new Set());
  assert.equal(state.check(c1).allowed, false, 'three requests failing open it');
});

test('4xx answers caused by the request never count toward a breaker, however often they repeat', () => {
  const { clock, state } = setup();
  for (const status of [400, 404, 409, 413, 422]) for (let i = 0; i < 5; i += 1) state.recordFailure(c1, fail(clock, status));
  assert.deepEqual(state.breakers(), []);
  assert.deepEqual(state.cooldowns(), []);
  assert.deepEqual(state.check(c1), { allowed: true, trial: false });
});

test('successes on other accounts keep the provider breaker closed while one account fails', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 6; i += 1) {
    state.recordFailure(c1, fail(clock, 502));
    state.recordSuccess(c2);
  }
  assert.equal(state.admit(c2).allowed, true);
  assert.deepEqual(state.admit(c1), { allowed: false, blockedBy: 'breaker', key: 'account:c1', until: T0 + 30 * SEC });
});

test('transport failures count toward the breakers and cool nothing', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 3; i += 1) state.recordFailure(c1, fail(clock, undefined));
  assert.deepEqual(state.cooldowns(), []);
  assert.equal(state.check(c2).allowed, false);
});

test('half-open: one trial at a time; its success closes both breakers', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 3; i += 1) state.recordFailure(c1, fail(clock, 503));
  clock.t = T0 + 30 * SEC;
  assert.deepEqual(state.check(c1), { allowed: true, trial: true });
  assert.deepEqual(state.admit(c1), { allowed: true, trial: true });
  assert.equal(state.admit(c1).allowed, false, 'the trial is out');
  assert.equal(state.admit(c2).allowed, false, 'the provider trial is out too');
  state.recordSuccess(c1);
  assert.deepEqual(state.admit(c1), { allowed: true, trial: false });
  assert.deepEqual(state.breakers(), []);
});

test("a failed trial re-opens with the cool-off doubled", () => {
  const { clock, state } = setup();
  for (let i = 0; i < 3; i += 1) state.recordFailure(c1, fail(clock, 500));
  clock.t = T0 + 30 * SEC;
  state.admit(c1);
  state.recordFailure(c1, fail(clock, 500));
  assert.deepEqual(state.check(c1), { allowed: false, blockedBy: 'breaker', key: 'provider:openai', until: T0 + 90 * SEC });
});

test('a 429 shows the upstream answering: it does not count, and closes a half-open breaker', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 2; i += 1) state.recordFailure(c1, fail(clock, 500));
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '1' } }));
  state.recordFailure(c1, fail(clock, 500));
  assert.deepEqual(state.breakers().map((b) => [b.key, b.failures]), [
    ['account:c1', 1],
    ['provider:openai', 1],
  ]);
  for (let i = 0; i < 2; i += 1) state.recordFailure(c1, fail(clock, 500));
  clock.t = T0 + 30 * SEC;
  assert.deepEqual(state.admit(c1), { allowed: true, trial: true });
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '3' } }));
  assert.deepEqual(state.breakers(), []);
  assert.deepEqual(state.check(c2), { allowed: true, trial: false });
  assert.equal(state.check(c1).allowed, false, 'the account cools for its rate limit instead');
});

test('request errors neither cool nor count', () => {
  const { clock, state } = setup();
  for (let i = 0; i < 5; i += 1) state.recordFailure(c1, fail(clock, 400));
  assert.deepEqual(state.cooldowns(), []);
  assert.deepEqual(state.breakers(), []);
  assert.equal(state.admit(c1).allowed, true);
});

test('a refused key (401/403) marks the account key_rejected: no cooldown, no probe, no end, until a reset', () => {
  const { clock, state } = setup({ cooldowns: { reprobeAfterMs: 10 * MIN } });
  state.recordFailure(c1, fail(clock, 401));
  state.recordFailure(c2, fail(clock, 403));
  const rejected = { allowed: false, blockedBy: 'key_rejected', key: 'account:c1', reason: 'authentication_failed' };
  assert.deepEqual(state.check(c1), rejected);
  assert.deepEqual(state.check(c1mini), { ...rejected }, 'every model on the account');
  assert.deepEqual(state.cooldowns(), [], 'not a cooldown labelled as a rate limit');
  assert.deepEqual(state.breakers(), []);
  assert.deepEqual(state.keyRejections(), [
    { key: 'account:c1', reason: 'authentication_failed', status: 401, since: T0 },
    { key: 'account:c2', reason: 'permission_denied', status: 403, since: T0 },
  ]);
  assert.equal(state.freeAt(c1), undefined, 'it does not free by itself');
  clock.t = T0 + 48 * HOUR;
  assert.deepEqual(state.dueProbes(), []);
  assert.deepEqual(state.admit(c1), rejected);
  assert.equal(state.admit(other).allowed, true);
  assert.equal(state.reset('account:c1'), true);
  assert.deepEqual(state.admit(c1), { allowed: true, trial: false });
  assert.equal(state.resetConnection('c2'), true);
  assert.deepEqual(state.keyRejections(), []);
});

test('a probe answered with a request error proves the account works again', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 429, { rawBody: { error: { code: 'insufficient_quota', message: 'quota' } } }));
  clock.t = T0 + 10 * MIN;
  assert.equal(state.admit(c1).allowed, true);
  state.recordFailure(c1, fail(clock, 400));
  assert.deepEqual(state.cooldowns(), []);
});

test('abandon releases the probe and the trial without a verdict', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 429, { rawBody: { error: { code: 'insufficient_quota', message: 'quota' } } }));
  for (let i = 0; i < 3; i += 1) state.recordFailure(c2, fail(clock, 500));
  clock.t = T0 + 10 * MIN;
  assert.equal(state.admit(c1).allowed, true);
  assert.equal(state.admit(c1).allowed, false);
  state.abandon(c1);
  assert.deepEqual(state.admit(c1), { allowed: true, trial: true });
});

test('a success does not lift an active cooldown it did not probe, but forgets an ended one', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 429));
  state.recordSuccess(c1);
  assert.equal(state.check(c1).allowed, false);
  clock.t = T0 + 10 * MIN;
  state.recordSuccess(c1);
  state.recordFailure(c1, fail(clock, 429));
  assert.equal(state.cooldowns()[0]?.strikes, 1);
});

test('manual reset of a key and of a whole connection', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 401));
  state.recordFailure(c1mini, fail(clock, 429, { rawBody: { error: { message: 'Rate limit reached for gpt-4o-mini in organization org-1 on requests per min' } } }));
  for (let i = 0; i < 3; i += 1) state.recordFailure(c2, fail(clock, 500));
  assert.equal(state.reset('provider:openai'), true);
  assert.equal(state.reset('provider:openai'), false);
  assert.equal(state.check(c2).allowed, false, 'the account breaker is still open');
  assert.equal(state.resetConnection('c1'), true);
  assert.equal(state.check(c1).allowed, true);
  assert.equal(state.check(c1mini).allowed, true);
  assert.equal(state.resetConnection('c2'), true);
  assert.equal(state.check(c2).allowed, true);
  assert.deepEqual(state.cooldowns(), []);
  assert.deepEqual(state.breakers(), []);
});

test('snapshot and restore: an open breaker stays open, a cooldown cools until its time', () => {
  const { clock, state } = setup();
  state.recordFailure(c1, fail(clock, 429, { headers: { 'retry-after': '120' } }));
  for (let i = 0; i < 3; i += 1) state.recordFailure(other, fail(clock, 500));
  state.recordFailure(c2, fail(clock, 429, { headers: { 'retry-after': '5' } }));
  clock.t = T0 + 10 * SEC;
  const rows = JSON.parse(JSON.stringify(state.snapshot())) as ReturnType<typeof state.snapshot>;
  assert.deepEqual(rows.map((r) => `${r.kind} ${r.key}`).sort(), ['breaker account:a1', 'breaker provider:anthropic', 'cooldown model:c1:gpt-4o']);

  const next = setup();
  next.clock.t = T0 + 20 * SEC;
  assert.deepEqual(next.state.restore(rows), { restored: 3, dropped: 0 });
  assert.equal(next.changes(), 0, 'restoring is not a change to persist');
  assert.deepEqual(next.state.check(other), { allowed: false, blockedBy: 'breaker', key: 'provider:anthropic', until: T0 + 30 * SEC });
  assert.equal(next.state.check(c1).allowed, false);
  next.clock.t = T0 + 30 * SEC;
  assert.deepEqual(next.state.admit(other), { allowed: true, trial: true });
  next.clock.t = T0 + 120 * SEC;
  assert.equal(next.state.check(c1).allowed, true);
});

test('restore drops expired, invalid and foreign rows and leaves in-flight claims behind', () => {
  const { state } = setup();
  const rows = [
    { kind: 'cooldown', key: 'account:old', state: { until: T0 - 1, reason: 'rate_limited', since: T0 - 10, strikes: 1 }, updatedAt: T0 },
    { kind: 'cooldown', key: 'account:bad', state: { until: 'soon' } },
    { kind: 'cooldown', key: 'account:odd', state: { until: T0 + MIN, reason: 'no_such_code', since: T0, strikes: 1 } },
    { kind: 'breaker', key: 'account:idle', state: { phase: 'closed', failures: 0 } },
    { kind: 'limit', key: 'provider:openai', state: { rpm: 60 } },
    {
      kind: 'cooldown',
      key: 'account:c1',
      state: { until: T0 + 5 * HOUR, reason: 'quota_exhausted', since: T0 - HOUR, strikes: 2, probe: { nextAt: T0 - MIN, intervalMs: 20 * MIN, inFlightSince: T0 - MIN } },
    },
    { kind: 'breaker', key: 'provider:openai', state: { phase: 'half-open', coolOffMs: 60_000, trialSince: T0 - 1 } },
  ];
  assert.deepEqual(state.restore(rows), { restored: 2, dropped: 5 });
  assert.deepEqual(state.admit(c1), { allowed: true, trial: true }, 'the probe and the trial that were out died with the process');
  assert.deepEqual(state.snapshot().map((r) => r.state), [
    { until: T0 + 5 * HOUR, reason: 'quota_exhausted', since: T0 - HOUR, strikes: 2, probe: { nextAt: T0 - MIN, intervalMs: 20 * MIN } },
    { phase: 'half-open', coolOffMs: 60_000 },
  ]);
});

test('the change listener fires once per change and can be removed', () => {
  const clock = { t: T0 };
  const state = createRoutingState({ now: () => clock.t, random: () => 0.5 });
  let calls = 0;
  const off = state.onChange(() => {
    calls += 1;
  });
  state.recordSuccess(c1);
  state.admit(c1);
  assert.equal(calls, 0, 'nothing changed');
  state.recordFailure(c1, fail(clock, 500));
  assert.equal(calls, 1);
  const [row] = state.snapshot();
  assert.equal(row?.updatedAt, T0);
  off();
  state.recordFailure(c1, fail(clock, 500));
  assert.equal(calls, 1);
});
