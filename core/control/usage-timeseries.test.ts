/** usage.timeseries names the groups its points are split by, with account labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimeseriesPoint } from '../store/analytics-query.js';
import { UsageTimeseries, UsageTimeseriesInput } from './usage-contract.js';
import { usageHandlers, type UsageControlDeps } from './usage-handlers.js';

const zero = { requests: 0, successes: 0, tokens: { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 }, costUsd: 0, unknownCostRequests: 0, latencyP50: null, latencyP95: null, latencyP99: null };

function handlers(seen: unknown[]) {
  const point: TimeseriesPoint = { start: 0, ...zero, requests: 3, latencyP50: 12, byGroup: [{ key: 'conn-1', ...zero, requests: 2 }, { key: null, ...zero, requests: 1 }] };
  const store: UsageControlDeps['store'] = {
    analytics: {
      summary: async () => assert.fail('not called'),
      timeseries: async (...args) => {
        seen.push(args);
        return [point];
      },
    },
    logPages: { page: async () => assert.fail(), get: async () => null },
    connections: {
      list: async () => [{ id: 'conn-1', providerId: 'openai', label: 'work', priority: 100, enabled: true, baseUrl: null, secretRef: null, source: 'user', createdAt: 0, updatedAt: 0 }],
      upsert: async () => assert.fail(),
      remove: async () => false,
      setEnabled: async () => false,
      relabel: async () => false,
    },
    requestBodies: { get: async () => [] },
  };
  const fail = async () => assert.fail();
  return usageHandlers({ store, backups: { create: fail, restore: fail, exportConfig: fail, importConfig: fail } }, (m) => new Error(m));
}

test('groupBy reaches the store, and the groups come back named, in the points order', async () => {
  const seen: unknown[] = [];
  const input = UsageTimeseriesInput.parse({ from: 0, to: 3_600_000, bucket: 'hour', groupBy: 'account', key: 'bob' });
  const out = UsageTimeseries.parse(await handlers(seen)['usage.timeseries'](input));
  assert.deepEqual(seen, [[{ from: 0, to: 3_600_000, key: 'bob' }, 'hour', 'account']]);
  assert.deepEqual(out.groups, [
    { key: 'conn-1', label: 'openai/work' },
    { key: null, label: null },
  ]);
  assert.equal(out.points[0]?.latencyP50, 12);
  assert.deepEqual(out.points[0]?.byGroup.map((g) => g.requests), [2, 1]);
});

test('without a database the series is empty, groups included', async () => {
  const out = await usageHandlers(undefined, (m) => new Error(m))['usage.timeseries'](UsageTimeseriesInput.parse({ from: 0, to: 1, bucket: 'day', groupBy: 'key' }));
  assert.deepEqual(out, { bucket: 'day', groups: [], points: [] });
});

test('groupBy none is not a split', () => {
  assert.throws(() => UsageTimeseriesInput.parse({ from: 0, to: 1, bucket: 'day', groupBy: 'none' }));
});
