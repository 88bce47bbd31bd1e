import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteTarget } from '../routing/resolve.js';
import type { ProviderDescriptor } from '../providers/types.js';
import { createBudgetGate } from './budget-gate.js';
import { formatUsd } from './budget-period.js';
import { budgetsStatus } from './budget-status.js';
import { createKeyBudgetCheck } from './key-budget.js';
import { createSpendTracker } from './spend-tracker.js';

const NOW = Date.UTC(2026, 4, 20, 18); // 20 May 2026, 18:00 UTC
const MIDNIGHT = Date.UTC(2026, 4, 21);
const JUNE = Date.UTC(2026, 5, 1);

function provider(id: string, tier: ProviderDescriptor['tier']): ProviderDescriptor {
  return { id, prefix: id, name: id, tier, format: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1', auth: 'bearer', models: [{ id: 'm' }] };
}
function target(p: ProviderDescriptor): RouteTarget {
  return { provider: p, connection: { id: `${p.id}:main`, providerId: p.id, label: 'main', priority: 100, enabled: true, apiKey: 'k' }, model: 'm' } as RouteTarget;
}
const openai = provider('openai', 'api-key');
const anthropic = provider('anthropic', 'api-key');
const mine = provider('mine', 'custom');

function setup(clock = { now: NOW }) {
  const tiers = new Map([openai, anthropic, mine].map((p) => [p.id, p.tier]));
  return { clock, spend: createSpendTracker({ now: () => clock.now, tierOf: (id) => tiers.get(id) }) };
}

test('a provider budget blocks that provider until its period ends, naming the budget', () => {
  const { clock, spend } = setup();
  const gate = createBudgetGate({ budgets: [{ scope: 'provider', id: 'openai', daily: 5 }], spend });
  assert.equal(gate(target(openai), clock.now), undefined);
  spend.book({ ts: NOW, providerId: 'openai', costUsd: 4.99 });
  assert.equal(gate(target(openai), clock.now), undefined, 'under the limit');
  spend.book({ ts: NOW, providerId: 'openai', costUsd: 0.01 });
  assert.deepEqual(gate(target(openai), clock.now), { until: MIDNIGHT, message: 'the daily budget of provider "openai" ($5.00) is spent' });
  assert.equal(gate(target(anthropic), clock.now), undefined, 'another provider of the same tier is not blocked');
  clock.now = MIDNIGHT;
  assert.equal(gate(target(openai), clock.now), undefined, 'a new day');
});

test('a tier budget blocks every provider of the tier; a monthly one until the month ends', () => {
  const { clock, spend } = setup();
  const gate = createBudgetGate({ budgets: [{ scope: 'tier', id: 'api-key', daily: 10, monthly: 3 }], spend });
  spend.book({ ts: NOW, providerId: 'openai', costUsd: 2 });
  assert.equal(gate(target(anthropic), clock.now), undefined);
  spend.book({ ts: NOW, providerId: 'anthropic', costUsd: 1 });
  const block = gate(target(anthropic), clock.now);
  assert.deepEqual(block, { until: JUNE, message: 'the monthly budget of tier "api-key" ($3.00) is spent' });
  assert.deepEqual(gate(target(openai), clock.now), block);
  assert.equal(gate(target(mine), clock.now), undefined, 'the custom tier is not blocked');
  clock.now = MIDNIGHT;
  assert.equal(gate(target(openai), clock.now)?.until, JUNE, 'still spent the next day');
  clock.now = JUNE;
  assert.equal(gate(target(openai), clock.now), undefined, 'a new month');
});

test('when the daily and monthly budgets are both spent, the block lasts until the later reset', () => {
  const { clock, spend } = setup();
  const gate = createBudgetGate({ budgets: [{ scope: 'provider', id: 'openai', daily: 1 }, { scope: 'tier', id: 'api-key', monthly: 1 }], spend });
  spend.book({ ts: NOW, providerId: 'openai', costUsd: 1 });
  assert.equal(gate(target(openai), clock.now)?.until, JUNE);
  assert.match(gate(target(openai), clock.now)?.message ?? '', /monthly budget of tier "api-key"/);
});

test('a zero budget blocks from the start; no budgets never block', () => {
  const { clock, spend } = setup();
  assert.equal(createBudgetGate({ budgets: [{ scope: 'provider', id: 'mine', monthly: 0 }], spend })(target(mine), clock.now)?.until, JUNE);
  spend.book({ ts: NOW, providerId: 'openai', costUsd: 1000 });
  assert.equal(createBudgetGate({ budgets: [], spend })(target(openai), clock.now), undefined);
});

test('a key over its budget gets a 429 naming the key and the budget, with Retry-After to the reset', () => {
  const { clock, spend } = setup();
  const check = createKeyBudgetCheck({
    keys: [
      { key: 'k1', label: 'trial', budget: { daily: 0.002 } },
      { key: 'k2', label: 'team' },
    ],
    spend,
    now: () => clock.now,
  });
  assert.ok(check);
  assert.equal(check('trial'), undefined);
  spend.book({ ts: NOW, providerId: 'openai', keyLabel: 'trial', costUsd: 0.003 });
  spend.book({ ts: NOW, providerId: 'openai', keyLabel: 'team', costUsd: 50 });
  const error = check('trial');
  assert.equal(error?.status, 429);
  assert.equal(error?.kind, 'rate_limit');
  assert.equal(error?.retryAfter, 6 * 3600);
  assert.match(error?.message ?? '', /gateway key "trial" has spent its daily budget of \$0\.002\. It resets at 2026-05-21T00:00:00\.000Z/);
  assert.equal(check('team'), undefined, 'a key without a budget is never refused');
  clock.now = MIDNIGHT;
  assert.equal(check('trial'), undefined);
  assert.equal(createKeyBudgetCheck({ keys: [{ key: 'k', label: 'x' }], spend, now: () => clock.now }), undefined, 'no key has a budget: no check');
});

test('budgets.status lists each configured budget in its period and each key spend', () => {
  const { clock, spend } = setup();
  spend.book({ ts: NOW, providerId: 'openai', keyLabel: 'trial', costUsd: 0.75 });
  spend.book({ ts: NOW, providerId: 'mine', keyLabel: 'old', costUsd: 0.5 });
  const status = budgetsStatus({
    budgets: [{ scope: 'tier', id: 'api-key', daily: 0.5, monthly: 10 }],
    keys: [{ key: 'k', label: 'trial', budget: { monthly: 1 } }, { key: 'k2', label: 'idle' }],
    spend,
    now: clock.now,
  });
  assert.deepEqual(status.budgets, [
    { scope: 'tier', id: 'api-key', period: 'daily', limit: 0.5, spent: 0.75, remaining: 0, resetsAt: MIDNIGHT, exhausted: true },
    { scope: 'tier', id: 'api-key', period: 'monthly', limit: 10, spent: 0.75, remaining: 9.25, resetsAt: JUNE, exhausted: false },
    { scope: 'key', id: 'trial', period: 'monthly', limit: 1, spent: 0.75, remaining: 0.25, resetsAt: JUNE, exhausted: false },
  ]);
  assert.deepEqual(status.keys, [
    { label: 'trial', daily: 0.75, monthly: 0.75 },
    { label: 'idle', daily: 0, monthly: 0 },
    { label: 'old', daily: 0.5, monthly: 0.5 },
  ]);
});

test('amounts read as dollars, tiny ones without rounding to zero', () => {
  assert.equal(formatUsd(5), '$5.00');
  assert.equal(formatUsd(0), '$0.00');
  assert.equal(formatUsd(12.345), '$12.35');
  assert.equal(formatUsd(0.01), '$0.01');
  assert.equal(formatUsd(0.002), '$0.002');
  assert.equal(formatUsd(0.0015), '$0.0015');
});
