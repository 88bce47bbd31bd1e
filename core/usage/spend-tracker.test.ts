import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index.js';
import { createSpendTracker, spendScope } from './spend-tracker.js';

const T0 = Date.UTC(2026, 0, 31, 22, 0, 0); // 31 Jan 2026, 22:00 UTC
const HOUR = 3_600_000;
const TIERS: Record<string, string> = { openai: 'api-key', anthropic: 'api-key', mine: 'custom' };

function tracker(clock: { now: number }) {
  return createSpendTracker({ now: () => clock.now, tierOf: (id) => TIERS[id] });
}

test('a finished request counts towards its provider, tier and key, for the day and the month', () => {
  const clock = { now: T0 };
  const s = tracker(clock);
  s.book({ ts: T0, providerId: 'openai', keyLabel: 'team', costUsd: 0.25 });
  s.book({ ts: T0, providerId: 'anthropic', costUsd: 0.5 });
  s.book({ ts: T0, providerId: 'mine', keyLabel: 'team', costUsd: 0 });
  s.book({ ts: T0, providerId: 'openai', keyLabel: 'team' });
  assert.equal(s.spent(spendScope.provider('openai'), 'daily'), 0.25);
  assert.equal(s.spent(spendScope.provider('anthropic'), 'monthly'), 0.5);
  assert.equal(s.spent(spendScope.tier('api-key'), 'daily'), 0.75);
  assert.equal(s.spent(spendScope.tier('custom'), 'daily'), 0);
  assert.equal(s.spent(spendScope.key('team'), 'monthly'), 0.25);
  assert.deepEqual(
    s.totals().sort((a, b) => a.scope.localeCompare(b.scope)),
    [
      { scope: 'key:team', daily: 0.25, monthly: 0.25 },
      { scope: 'provider:anthropic', daily: 0.5, monthly: 0.5 },
      { scope: 'provider:openai', daily: 0.25, monthly: 0.25 },
      { scope: 'tier:api-key', daily: 0.75, monthly: 0.75 },
    ],
  );
});

test('UTC midnight starts a new day, the first of the month a new month', () => {
  const clock = { now: T0 };
  const s = tracker(clock);
  s.book({ ts: T0, providerId: 'openai', costUsd: 1 });
  clock.now = T0 + HOUR + 59 * 60_000; // 23:59
  assert.equal(s.spent('provider:openai', 'daily'), 1);
  clock.now = T0 + 2 * HOUR; // 1 Feb 00:00: both a new day and a new month
  assert.equal(s.spent('provider:openai', 'daily'), 0);
  assert.equal(s.spent('provider:openai', 'monthly'), 0);
  s.book({ ts: clock.now, providerId: 'openai', costUsd: 2 });
  clock.now += 24 * HOUR; // 2 Feb: a new day in the same month
  assert.equal(s.spent('provider:openai', 'daily'), 0);
  assert.equal(s.spent('provider:openai', 'monthly'), 2);
  s.book({ ts: clock.now, providerId: 'openai', costUsd: 3 });
  assert.equal(s.spent('provider:openai', 'daily'), 3);
  assert.equal(s.spent('provider:openai', 'monthly'), 5);
});

test('a request that began before midnight and finished after it counts for the day it began in', () => {
  const clock = { now: Date.UTC(2026, 1, 2, 0, 0, 5) };
  const s = tracker(clock);
  s.book({ ts: Date.UTC(2026, 1, 1, 23, 59, 58), providerId: 'openai', costUsd: 1 });
  assert.equal(s.spent('provider:openai', 'daily'), 0);
  assert.equal(s.spent('provider:openai', 'monthly'), 1);
  s.book({ ts: Date.UTC(2026, 0, 31, 23, 59, 58), providerId: 'openai', costUsd: 4 });
  assert.equal(s.spent('provider:openai', 'monthly'), 1, 'last month is over');
});

test('restore adds the grouped rows of today and of the month, tier taken from the provider', () => {
  const clock = { now: Date.UTC(2026, 2, 15, 12) };
  const s = tracker(clock);
  assert.deepEqual(s.window(), { dayStart: Date.UTC(2026, 2, 15), monthStart: Date.UTC(2026, 2, 1) });
  s.restore([
    { providerId: 'openai', keyLabel: 'team', today: true, costUsd: 1 },
    { providerId: 'openai', keyLabel: 'team', today: false, costUsd: 2 },
    { providerId: 'mine', keyLabel: null, today: true, costUsd: 4 },
    { providerId: null, keyLabel: 'ci', today: false, costUsd: 8 },
    { providerId: 'gone', keyLabel: null, today: true, costUsd: 16 },
  ]);
  assert.equal(s.spent('provider:openai', 'daily'), 1);
  assert.equal(s.spent('provider:openai', 'monthly'), 3);
  assert.equal(s.spent('tier:api-key', 'monthly'), 3);
  assert.equal(s.spent('tier:custom', 'daily'), 4);
  assert.equal(s.spent('key:team', 'daily'), 1);
  assert.equal(s.spent('key:ci', 'daily'), 0);
  assert.equal(s.spent('key:ci', 'monthly'), 8);
  assert.equal(s.spent('provider:gone', 'daily'), 16, 'a provider no longer configured keeps its own total, without a tier');
});

test('restore from the request log: one grouped query over today and this month', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-spend-'));
  const store = await openStore({ dataDir });
  try {
    const now = Date.UTC(2026, 2, 15, 12);
    const row = (id: string, ts: number, providerId: string | undefined, keyLabel: string | undefined, costUsd: number | undefined) =>
      store.requestLog.write({
        id,
        ts,
        clientFormat: 'openai-chat',
        requestedModel: 'm',
        stream: false,
        status: 200,
        latencyMs: 1,
        ...(providerId ? { providerId } : {}),
        ...(keyLabel ? { keyLabel } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
      });
    row('a', now - 1_000, 'openai', 'team', 0.5); // today
    row('b', now - 2_000, 'openai', 'team', 0.25); // today
    row('c', Date.UTC(2026, 2, 14, 23, 59), 'openai', 'team', 1); // earlier this month
    row('d', Date.UTC(2026, 2, 1), 'mine', undefined, 2); // the month's first millisecond
    row('e', Date.UTC(2026, 1, 28, 23, 59), 'openai', 'team', 100); // last month
    row('f', now - 3_000, 'openai', 'team', undefined); // no price known
    await store.requestLog.flush();
    const s = tracker({ now });
    const rows = await store.spend.totals(s.window());
    s.restore(rows);
    assert.equal(s.spent('provider:openai', 'daily'), 0.75);
    assert.equal(s.spent('provider:openai', 'monthly'), 1.75);
    assert.equal(s.spent('key:team', 'monthly'), 1.75);
    assert.equal(s.spent('provider:mine', 'monthly'), 2);
    assert.equal(s.spent('provider:mine', 'daily'), 0);
    assert.equal(s.spent('tier:api-key', 'daily'), 0.75);
    assert.ok(rows.length <= 3, `grouped rows, got ${rows.length}`);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
