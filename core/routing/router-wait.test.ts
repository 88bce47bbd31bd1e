import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoutingConfig } from '../config/index.js';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { classifyFailure } from './classify-failure.js';
import { buildRouteTable } from './route-table.js';
import type { RuntimeConnection } from './route-table.js';
import { createRouter } from './router.js';
import { createRoutingState } from './routing-state.js';

const T0 = Date.UTC(2030, 0, 1);
const conn = (id: string, priority: number): RuntimeConnection => ({ id, providerId: 'anthropic', label: id, priority, enabled: true, apiKey: 'k' });

function setup(settings: RoutingConfig = {}) {
  const clock = { t: T0 };
  const table = buildRouteTable(Object.values(BUILTIN_PROVIDERS), [conn('a1', 100), conn('a2', 200)], {});
  const state = createRoutingState({ now: () => clock.t, random: () => 0.5 });
  const router = createRouter({ table: () => table, state, settings, limits: [], now: () => clock.t, random: () => 0 });
  const limit = (connectionId: string, model: string, seconds: number) =>
    state.recordFailure(
      { providerId: 'anthropic', connectionId, model },
      classifyFailure({ status: 429, error: { status: 429, kind: 'rate_limit', message: 'Number of requests has exceeded your per-minute rate limit' }, headers: { 'retry-after': String(seconds) }, now: clock.t }),
    );
  return { clock, router, limit };
}

const MODEL = 'anthropic/claude-sonnet-4-5';

test('a plan that finds every account cooling says when the first one frees', () => {
  const { router, limit } = setup();
  limit('a1', 'claude-sonnet-4-5', 3);
  limit('a2', 'claude-sonnet-4-5', 1);
  const plan = router.plan(MODEL, T0);
  assert.ok(!plan.ok);
  assert.equal(plan.error.status, 429);
  assert.equal(plan.freeAt, T0 + 1_000, 'the earliest of the two');
  assert.equal(router.candidateWaitMs({ freeAt: plan.freeAt, now: T0, budgetLeftMs: 60_000, waitedMs: 0 }), 1_000);
});

test('another model of the same accounts is not held by those cooldowns', () => {
  const { router, limit } = setup();
  limit('a1', 'claude-sonnet-4-5', 30);
  limit('a2', 'claude-sonnet-4-5', 30);
  const plan = router.plan('anthropic/claude-haiku-4-5', T0);
  assert.ok(plan.ok);
  assert.deepEqual(plan.candidates.map((c) => c.connection.id), ['a1', 'a2']);
});

test('routing.maxWaitMs bounds the wait; 0 turns it off', () => {
  assert.equal(setup({ maxWaitMs: 500 }).router.candidateWaitMs({ freeAt: T0 + 1_000, now: T0, budgetLeftMs: 60_000, waitedMs: 0 }), undefined);
  assert.equal(setup({ maxWaitMs: 0 }).router.candidateWaitMs({ freeAt: T0 + 10, now: T0, budgetLeftMs: 60_000, waitedMs: 0 }), undefined);
  assert.equal(setup().router.candidateWaitMs({ freeAt: T0 + 10_000, now: T0, budgetLeftMs: 60_000, waitedMs: 0 }), 10_000, 'default 10 s');
});

test('token counting and generation keep separate rate-limit cooldowns on the same account', async () => {
  const { router } = setup();
  const plan = router.plan(MODEL, T0, 'count_tokens');
  assert.ok(plan.ok);
  const target = plan.candidates[0]!;
  const admission = await router.admit(target, T0, 'count_tokens');
  assert.ok(admission.ok);
  admission.done({
    kind: 'failure',
    error: classifyFailure({ status: 429, error: { status: 429, kind: 'rate_limit', message: 'slow down' }, headers: { 'retry-after': '30' }, now: T0 }),
  });
  const counting = router.plan(MODEL, T0, 'count_tokens');
  assert.ok(counting.ok);
  assert.deepEqual(counting.candidates.map((c) => c.connection.id), ['a2'], 'the next count skips the limited account');
  const generating = router.plan(MODEL, T0);
  assert.ok(generating.ok);
  assert.deepEqual(generating.candidates.map((c) => c.connection.id), ['a1', 'a2'], 'generation still uses it');
  const refused = await router.admit(target, T0, 'count_tokens');
  assert.ok(!refused.ok);
  assert.equal(refused.freeAt, T0 + 30_000);
});
