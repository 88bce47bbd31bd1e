import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR_MS, lastHour, latencyRows, latencyValue, type LatencyRowData } from './health-latency.js';

const row = (key: string | null, requests: number): LatencyRowData => ({
  key,
  label: null,
  requests,
  successes: requests,
  successRate: 1,
  latencyP50: 10,
  latencyP95: 20,
  latencyP99: 30,
  ttftP50: null,
  tokens: { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 },
  costUsd: 0,
  unknownCostRequests: 0,
});

test('the last hour, in whole milliseconds', () => {
  assert.deepEqual(lastHour(10_000_000.7), { from: 10_000_000 - HOUR_MS, to: 10_000_000, groupBy: 'provider' });
});

test('busiest first, the no-provider row last, idle rows dropped', () => {
  const rows = latencyRows([row(null, 9), row('a', 2), row('b', 5), row('c', 0)]);
  assert.deepEqual(rows.map((r) => r.key), ['b', 'a', null]);
});

test('latencies: ms under a second, seconds above, nothing when unmeasured', () => {
  assert.deepEqual(latencyValue('en', 849.6), { unit: 'ms', n: '850' });
  assert.deepEqual(latencyValue('en', 1234), { unit: 's', n: '1.23' });
  assert.deepEqual(latencyValue('en', 75_000), { unit: 's', n: '75.00' });
  assert.equal(latencyValue('en', null), null);
});
