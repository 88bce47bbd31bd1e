/** analytics.timeseries: latency percentiles per bucket, and the split by the range's top groups. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_SERIES } from './analytics-query.js';
import { openStore, type RequestLogEntry, type Store } from './index.js';

const HOUR = 3_600_000;
/** 2024-01-31T22:00Z: two hours before February, so hours, days and months all split the rows. */
const T0 = Date.UTC(2024, 0, 31, 22);
let root = '';
let store: Store;
let n = 0;

function row(ts: number, extra: Partial<RequestLogEntry>): RequestLogEntry {
  n += 1;
  return { id: `r-${String(n).padStart(4, '0')}`, ts, clientFormat: 'openai-chat', requestedModel: 'm-a', stream: false, status: 200, latencyMs: 10, ...extra };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-timeseries-'));
  store = await openStore({ dataDir: root });
  // Hour 0 (January): latencies 10..100 for provider p1, one 500 ms failure with no provider.
  for (let i = 1; i <= 10; i++) store.requestLog.write(row(T0 + i * 1000, { providerId: 'p1', latencyMs: i * 10, inputTokens: 5, outputTokens: 2, cachedTokens: 1, reasoningTokens: 3, costUsd: 0.01 }));
  store.requestLog.write(row(T0 + 20_000, { status: 502, latencyMs: 500 }));
  // Hour 3 (February): p2 twice, p1 once.
  store.requestLog.write(row(T0 + 3 * HOUR, { providerId: 'p2', latencyMs: 7 }));
  store.requestLog.write(row(T0 + 3 * HOUR + 1, { providerId: 'p2', latencyMs: 9 }));
  store.requestLog.write(row(T0 + 3 * HOUR + 2, { providerId: 'p1', latencyMs: 30 }));
  // More providers than a chart shows, one request each, in hour 4.
  for (let i = 0; i < MAX_SERIES + 2; i++) store.requestLog.write(row(T0 + 4 * HOUR + i, { providerId: `x${i}`, latencyMs: 1 }));
  await store.requestLog.flush();
});
after(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

const RANGE = { from: T0, to: T0 + 5 * HOUR };

test('each hour carries its own nearest-rank latency percentiles; empty hours have none', async () => {
  const points = await store.analytics.timeseries(RANGE, 'hour');
  assert.equal(points.length, 5);
  const [h0, h1, , h3] = points;
  // Hour 0: 10, 20, ..., 100, 500 (11 values): ranks 6, 11 and 11.
  assert.deepEqual([h0?.latencyP50, h0?.latencyP95, h0?.latencyP99], [60, 500, 500]);
  assert.deepEqual([h1?.requests, h1?.latencyP50, h1?.latencyP99], [0, null, null]);
  assert.deepEqual([h3?.latencyP50, h3?.latencyP95], [9, 30]);
  assert.deepEqual(h0?.tokens, { input: 50, output: 20, cached: 10, cacheWrite: 0, reasoning: 30 });
  assert.deepEqual(h0?.byGroup, [], 'no split without a groupBy');
});

test('a month bucket ranks the whole month, across the day boundary', async () => {
  const points = await store.analytics.timeseries(RANGE, 'month');
  assert.deepEqual(
    points.map((p) => [new Date(p.start).toISOString().slice(0, 7), p.requests, p.latencyP50, p.latencyP99]),
    [
      ['2024-01', 11, 60, 500],
      ['2024-02', 3 + MAX_SERIES + 2, 1, 30],
    ],
  );
  const days = await store.analytics.timeseries(RANGE, 'day');
  assert.deepEqual(days.map((p) => p.requests), [11, 3 + MAX_SERIES + 2]);
});

test('groupBy splits each bucket by the top groups, the same groups in every point', async () => {
  const points = await store.analytics.timeseries(RANGE, 'hour', 'provider');
  const keys = points.map((p) => p.byGroup.map((g) => g.key));
  assert.equal(keys[0]?.length, MAX_SERIES);
  for (const k of keys) assert.deepEqual(k, keys[0]);
  // p1 (11) then p2 (2), then one-request groups, names in order: the rows without a provider sort first.
  assert.deepEqual(keys[0]?.slice(0, 3), ['p1', 'p2', null]);
  const p1 = points.map((p) => p.byGroup[0]);
  assert.deepEqual(p1.map((g) => g?.requests), [10, 0, 0, 1, 0]);
  assert.deepEqual([p1[0]?.latencyP50, p1[0]?.latencyP95, p1[0]?.costUsd.toFixed(2)], [50, 100, '0.10']);
  assert.equal(points[0]?.byGroup[2]?.latencyP50, 500, 'the failure without a provider is its own group');
  assert.deepEqual(points[3]?.byGroup[1], {
    key: 'p2',
    requests: 2,
    successes: 2,
    tokens: { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 },
    costUsd: 0,
    unknownCostRequests: 2,
    latencyP50: 7,
    latencyP95: 9,
    latencyP99: 9,
  });
  // The totals still count every row, the groups left out too.
  assert.equal(points[4]?.requests, MAX_SERIES + 2);
  assert.equal(points[4]?.byGroup.reduce((a, g) => a + g.requests, 0), MAX_SERIES - 3);
});

test('filters narrow the split as they narrow the totals', async () => {
  const points = await store.analytics.timeseries({ ...RANGE, provider: 'p2' }, 'day', 'model');
  assert.deepEqual(points.map((p) => p.byGroup.map((g) => [g.key, g.requests])), [[['m-a', 0]], [['m-a', 2]]]);
});
