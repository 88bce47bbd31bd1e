import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuotaMonitor } from './quota-monitor.js';
import type { QuotaChanged } from './quota-status.js';
import { createQuotaTracker } from './quota-tracker.js';
import type { EndpointReading } from './usage-poller.js';
import type { QuotaLevel } from './thresholds.js';

const t0 = Date.parse('2026-01-07T12:00:00Z');
const account = { connectionId: 'ds', providerId: 'deepseek', label: 'main', describe: 'DeepSeek account "main"' };

const balance = (remaining: number, at: number): EndpointReading => ({
  windows: [{ window: 'balance', unit: 'usd', used: null, limit: null, remaining, resetAt: null, exhausted: remaining <= 0 }],
  at,
});

/** A monitor as the gateway runs one: started from the levels kept by the run before, primed, then fed each endpoint reading. */
function run(kept: { levels?: Record<string, QuotaLevel> } = {}) {
  const events: QuotaChanged[] = [];
  const monitor = createQuotaMonitor({
    connections: () => [account],
    tracker: createQuotaTracker([]),
    learnedLimits: () => [],
    onChange: (e) => void events.push(e),
    ...(kept.levels ? { reportedLevels: kept.levels } : {}),
    onReportedLevels: (levels) => void (kept.levels = levels),
  });
  monitor.prime(t0);
  const read = (reading: EndpointReading): void => {
    monitor.setReading(account.connectionId, reading);
    monitor.check(reading.at, account.connectionId);
  };
  return { events, read };
}

test('an endpoint level reported before a restart is not reported again by the first reading after it', () => {
  const kept: { levels?: Record<string, QuotaLevel> } = {};
  const before = run(kept);
  before.read(balance(2, t0));
  before.read(balance(0, t0 + 60_000));
  assert.deepEqual(before.events.map((e) => e.level), [100], 'the run that saw the balance run out reports it');

  const after = run(kept);
  after.read(balance(0, t0 + 120_000));
  assert.equal(after.events.length, 0, 'the same empty balance read after the restart is not news');
  after.read(balance(0, t0 + 180_000));
  assert.equal(after.events.length, 0);
  after.read(balance(5, t0 + 240_000));
  assert.deepEqual(after.events.map((e) => [e.window, e.source, e.level]), [['balance', 'endpoint', 'refilled']], 'a top-up is reported');
  after.read(balance(0, t0 + 300_000));
  assert.deepEqual(after.events.map((e) => e.level), ['refilled', 100], 'and running out again too');
});

test('a balance spent while the gateway was down is announced by the first reading after the start', () => {
  const kept: { levels?: Record<string, QuotaLevel> } = {};
  const before = run(kept);
  before.read(balance(4, t0));
  assert.equal(before.events.length, 0);
  const after = run(kept);
  after.read(balance(0, t0 + 3_600_000));
  assert.deepEqual(after.events.map((e) => e.level), [100]);
  const fresh = run();
  fresh.read(balance(0, t0));
  assert.deepEqual(fresh.events.map((e) => e.level), [100], 'a first-ever reading of a spent balance is news too');
});
