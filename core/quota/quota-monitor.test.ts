import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuotaMonitor } from './quota-monitor.js';
import type { QuotaChanged } from './quota-status.js';
import { createQuotaTracker } from './quota-tracker.js';
import type { EndpointReading } from './usage-poller.js';

const t0 = Date.parse('2026-01-07T12:00:00Z');
const account = { connectionId: 'ds', providerId: 'deepseek', label: 'main', describe: 'DeepSeek account "main"' };

const balance = (remaining: number, at: number): EndpointReading => ({
  windows: [{ window: 'balance', unit: 'usd', used: null, limit: null, remaining, resetAt: null, exhausted: remaining <= 0 }],
  at,
});

/** A monitor as the gateway runs one: primed at start, then fed each endpoint reading. */
function run() {
  const events: QuotaChanged[] = [];
  const monitor = createQuotaMonitor({
    connections: () => [account],
    tracker: createQuotaTracker([]),
    learnedLimits: () => [],
    onChange: (e) => void events.push(e),
  });
  monitor.prime(t0);
  const read = (reading: EndpointReading): void => {
    monitor.setReading(account.connectionId, reading);
    monitor.check(reading.at, account.connectionId);
  };
  return { events, read };
}

test('an endpoint level reported before a restart is not reported again by the first reading after it', () => {
  const before = run();
  before.read(balance(2, t0));
  before.read(balance(0, t0 + 60_000));
  assert.deepEqual(before.events.map((e) => e.level), [100], 'the run that saw the balance run out reports it');

  const after = run();
  after.read(balance(0, t0 + 120_000));
  assert.equal(after.events.length, 0, 'the same empty balance read after the restart is not news');
  after.read(balance(0, t0 + 180_000));
  assert.equal(after.events.length, 0);
  after.read(balance(5, t0 + 240_000));
  assert.deepEqual(after.events.map((e) => [e.window, e.source, e.level]), [['balance', 'endpoint', 'refilled']], 'a top-up is reported');
  after.read(balance(0, t0 + 300_000));
  assert.deepEqual(after.events.map((e) => e.level), ['refilled', 100], 'and running out again too');
});
