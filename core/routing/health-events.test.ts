import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorKind } from '../formats/canonical.js';
import { classifyFailure } from './classify-failure.js';
import type { GatewayError } from './gateway-error.js';
import { createRoutingState } from './routing-state.js';
import { healthSnapshot, healthTransitions, watchRoutingHealth, type DescribeScope, type HealthChanged } from './health-events.js';

const T0 = 1_700_000_000_000;
const target = { providerId: 'openai', connectionId: 'c1', model: 'gpt-4o' };
const labels: Record<string, string> = { c1: 'work' };
const describe: DescribeScope = (key) => {
  if (key.startsWith('provider:')) return { providerId: key.slice('provider:'.length), connectionId: null, label: null };
  const id = key.slice('account:'.length);
  return labels[id] === undefined ? undefined : { providerId: 'openai', connectionId: id, label: labels[id] ?? null };
};

function failure(status: number, now: number): GatewayError {
  const kind: ErrorKind = status >= 500 ? 'api_error' : status === 401 ? 'authentication' : 'invalid_request';
  return classifyFailure({ error: { status, kind, message: 'x' }, status, now });
}

function setup() {
  const clock = { t: T0 };
  const state = createRoutingState({ now: () => clock.t, breaker: { threshold: 2, coolOffMs: 30_000 } });
  const seen: HealthChanged[] = [];
  const stop = watchRoutingHealth(state, describe, (e) => seen.push(e), () => clock.t);
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { clock, state, seen, stop, settle };
}

test('outages open the provider and account breakers once; a success closes both', async () => {
  const { clock, state, seen, settle } = setup();
  for (let i = 0; i < 4; i++) {
    state.admit(target);
    state.recordFailure(target, failure(503, clock.t));
  }
  await settle();
  assert.deepEqual(
    seen.map((e) => [e.event, e.scope, e.connectionId, e.label]).sort(),
    [
      ['breaker-opened', 'account', 'c1', 'work'],
      ['breaker-opened', 'provider', null, null],
    ],
  );
  assert.deepEqual(seen.map((e) => e.reopensAt), [T0 + 30_000, T0 + 30_000]);

  // The cool-off passing makes it half-open: still not closed, so nothing new.
  clock.t += 31_000;
  state.admit(target);
  await settle();
  assert.equal(seen.length, 2);
  state.recordSuccess(target);
  await settle();
  assert.deepEqual(seen.slice(2).map((e) => [e.event, e.scope]).sort(), [
    ['breaker-closed', 'account'],
    ['breaker-closed', 'provider'],
  ]);
});

test('a refused key is reported once with its status, and restored by a reset', async () => {
  const { clock, state, seen, settle } = setup();
  state.admit(target);
  state.recordFailure(target, failure(401, clock.t));
  state.admit(target);
  await settle();
  assert.deepEqual(seen.map((e) => [e.event, e.connectionId, e.status]), [['key-rejected', 'c1', 401]]);
  state.resetConnection('c1');
  await settle();
  assert.deepEqual(seen.map((e) => e.event), ['key-rejected', 'key-restored']);
});

test('a burst of changes in one tick is diffed once; an account that is gone is not reported', async () => {
  const { clock, state, seen, settle, stop } = setup();
  delete labels.c1;
  try {
    for (let i = 0; i < 3; i++) state.recordFailure(target, failure(500, clock.t));
    await settle();
    assert.deepEqual(seen.map((e) => [e.event, e.scope]), [['breaker-opened', 'provider']]);
  } finally {
    labels.c1 = 'work';
  }
  stop();
  state.resetConnection('c1');
  state.reset('provider:openai');
  await settle();
  assert.equal(seen.length, 1, 'nothing after the watcher stopped');
});

test('transitions are a pure diff of two snapshots', () => {
  const before = healthSnapshot({ breakers: () => [{ key: 'provider:x', phase: 'open', failures: 0, reopensAt: 5 }], keyRejections: () => [] });
  const after = healthSnapshot({
    breakers: () => [{ key: 'provider:x', phase: 'half-open', failures: 0 }],
    keyRejections: () => [{ key: 'account:c1', reason: 'authentication_failed', status: 403, since: 1 }],
  });
  assert.deepEqual(
    healthTransitions(before, after, describe, 9).map((e) => [e.event, e.providerId, e.status, e.at]),
    [['key-rejected', 'openai', 403, 9]],
  );
  assert.deepEqual(healthTransitions(after, before, describe, 9).map((e) => e.event), ['key-restored']);
});
