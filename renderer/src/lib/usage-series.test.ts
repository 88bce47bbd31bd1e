import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageTimeseries } from '../../../core/control/usage-contract.js';
import { costChart, drawnValues, latencyChart, paletteColor, peakOf, requestsChart, thinTicks, tokensChart } from './usage-series.js';

const tokens = (input: number, cached = 0, reasoning = 0) => ({ input, output: input * 2, cached, cacheWrite: 0, reasoning });
function figures(requests: number, latency: number | null, costUsd = 0) {
  return { requests, successes: requests, tokens: tokens(requests * 10, requests, requests * 3), costUsd, unknownCostRequests: 0, latencyP50: latency, latencyP95: latency === null ? null : latency * 2, latencyP99: latency === null ? null : latency * 3 };
}

const TS: UsageTimeseries = {
  bucket: 'hour',
  groups: [
    { key: 'up-chat', label: null },
    { key: null, label: null },
  ],
  points: [
    { start: 0, ...figures(3, 10, 0.3), byGroup: [{ key: 'up-chat', ...figures(2, 8, 0.3) }, { key: null, ...figures(1, 20) }] },
    { start: 3_600_000, ...figures(0, null), byGroup: [{ key: 'up-chat', ...figures(0, null) }, { key: null, ...figures(0, null) }] },
    { start: 7_200_000, ...figures(5, 40, 0.5), byGroup: [{ key: 'up-chat', ...figures(5, 40, 0.5) }, { key: null, ...figures(0, null) }] },
  ],
};

const groupLabels = { total: 'Total', group: (i: number) => `g${i}` };

test('requests: a dashed total line in the foreground colour, then one line per group', () => {
  const m = requestsChart(TS, groupLabels);
  assert.deepEqual(m.xs, [0, 3_600_000, 7_200_000]);
  assert.deepEqual(
    m.lines.map((l) => [l.label, l.color, l.dashed ?? false, l.values]),
    [
      ['Total', '--fg', true, [3, 0, 5]],
      ['g0', '--chart-1', false, [2, 0, 5]],
      ['g1', '--chart-2', false, [1, 0, 0]],
    ],
  );
});

test('cost follows the same lines in dollars', () => {
  assert.deepEqual(costChart(TS, groupLabels).lines.map((l) => l.values), [[0.3, 0, 0.5], [0.3, 0, 0.5], [0, 0, 0]]);
});

test('tokens: input, output, cached and reasoning of the whole range', () => {
  const m = tokensChart(TS, { input: 'In', output: 'Out', cached: 'Cached', reasoning: 'Reasoning' });
  assert.deepEqual(
    m.lines.map((l) => [l.label, l.values]),
    [
      ['In', [30, 0, 50]],
      ['Out', [60, 0, 100]],
      ['Cached', [3, 0, 5]],
      ['Reasoning', [9, 0, 15]],
    ],
  );
});

test('latency: empty buckets are gaps, not zeros', () => {
  const m = latencyChart(TS, { p50: 'p50', p95: 'p95', p99: 'p99' });
  assert.deepEqual(m.lines.map((l) => l.values), [[10, null, 40], [20, null, 80], [30, null, 120]]);
});

test('drawn values and the peak skip zeros and gaps', () => {
  const m = latencyChart(TS, { p50: 'p50', p95: 'p95', p99: 'p99' });
  assert.equal(drawnValues(m), 6);
  assert.deepEqual(peakOf(m, 0), { at: 7_200_000, value: 40 });
  assert.equal(peakOf(requestsChart({ ...TS, points: [] }, groupLabels), 0), null);
  assert.equal(drawnValues(requestsChart({ ...TS, points: [TS.points[1] ?? assert.fail()] }, groupLabels)), 0);
});

test('the palette wraps after eight colours', () => {
  assert.equal(paletteColor(0), '--chart-1');
  assert.equal(paletteColor(8), '--chart-1');
});

test('ticks thin to at most the asked number, keeping the first', () => {
  const xs = Array.from({ length: 24 }, (_, i) => i);
  assert.deepEqual(thinTicks(xs, 8), [0, 3, 6, 9, 12, 15, 18, 21]);
  assert.deepEqual(thinTicks([1, 2], 8), [1, 2]);
});
