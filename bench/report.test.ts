import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpuMs, parseSystemBusyMs } from './cpu-time.js';
import { parseVmRss } from './memory.js';
import { areaOf, bundleSourceMap, summarizeProfile } from './profile-summary.js';
import { figureRows, formatTable, formatValue, makeFigure, ratio } from './report.js';
import type { MemoryReport } from './report.js';
import { median, percentileOfSorted, slope, summarizeLatencies } from './stats.js';
import { evaluateTargets } from './targets.js';

test('median of odd and even counts, unsorted input left untouched', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('percentiles by nearest rank', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentileOfSorted(sorted, 50), 50);
  assert.equal(percentileOfSorted(sorted, 99), 99);
  assert.equal(percentileOfSorted(sorted, 100), 100);
  assert.equal(percentileOfSorted([7], 99), 7);
  assert.throws(() => percentileOfSorted(sorted, 0), RangeError);
  const s = summarizeLatencies([0.3, 0.1, 0.2, 5]);
  assert.deepEqual(s, { count: 4, p50: 0.2, p99: 5 });
});

test('slope is bytes per request; flat memory gives zero', () => {
  assert.equal(slope([{ x: 0, y: 100 }, { x: 10, y: 200 }, { x: 20, y: 300 }]), 10);
  assert.equal(slope([{ x: 0, y: 5 }, { x: 10, y: 5 }]), 0);
  assert.ok(Number.isNaN(slope([{ x: 1, y: 1 }])));
});

test('a figure is the median of its runs, compared with its reference', () => {
  const f = makeFigure({ metric: 'c1-p50', scenario: 'pass-openai', label: 'pass', kind: 'gateway', runs: [0.5, 0.3, 0.4], reference: 0.1 });
  assert.equal(f.median, 0.4);
  assert.equal(f.unit, 'ms');
  assert.ok(Math.abs((f.ratio ?? 0) - 4) < 1e-9);
  assert.ok(Math.abs((f.delta ?? 0) - 0.3) < 1e-9);
  const rps = makeFigure({ metric: 'c50-rps', scenario: 'pass-openai', label: 'pass', kind: 'gateway', runs: [2500], reference: 10_000 });
  assert.equal(rps.ratio, 0.25);
  assert.equal(rps.delta, undefined, 'throughput has no added time');
  assert.ok(Number.isNaN(ratio(1, 0)));
  const cpu = makeFigure({ metric: 'c50-cpu', scenario: 'pass-openai', label: 'pass', kind: 'gateway', runs: [150], reference: 30 });
  assert.deepEqual([cpu.unit, cpu.ratio, cpu.delta], ['µs/req', 5, 120]);
  assert.equal(figureRows([cpu])[0]?.[3], '5.00x (+120 µs/req)');
});

test('values print with their unit', () => {
  assert.equal(formatValue(0.1234, 'ms'), '0.123 ms');
  assert.equal(formatValue(12.34, 'ms'), '12.3 ms');
  assert.equal(formatValue(1234.6, 'req/s'), '1235 req/s');
  assert.equal(formatValue(79.94, 'MB'), '79.9 MB');
  assert.equal(formatValue(Number.NaN, 'ms'), 'n/a');
  assert.equal(formatValue(151.6, 'µs/req'), '152 µs/req');
});

test('the table is Markdown with padded columns', () => {
  const table = formatTable(['a', 'long header'], [['wide cell', 'x'], ['y']]);
  assert.equal(
    table,
    ['| a         | long header |', '|-----------|-------------|', '| wide cell | x           |', '| y         |             |'].join('\n'),
  );
});

const memory: MemoryReport = {
  idleBytes: 70 * 2 ** 20,
  idleNoLogBytes: 69 * 2 ** 20,
  idleSettledBytes: 65 * 2 ** 20,
  idleSettledAfterSec: 180,
  afterLoadBytes: 120 * 2 ** 20,
  warmBytes: 110 * 2 ** 20,
  heldRequested: 1000,
  heldOpen: 1000,
  heldPeakBytes: 200 * 2 ** 20,
  afterHeldBytes: 130 * 2 ** 20,
  growthRounds: [
    { requests: 1000, rssBytes: 130 * 2 ** 20, heapBytes: 20 * 2 ** 20 },
    { requests: 2000, rssBytes: 131 * 2 ** 20, heapBytes: 20 * 2 ** 20 },
  ],
  growthRssBytesPerRequest: 1048.6,
  growthHeapBytesPerRequest: 0,
};

test('rows show the ratio to the direct call and the drift of the repeated baseline', () => {
  const figures = [
    makeFigure({ metric: 'c1-p50', scenario: 'direct-openai', label: 'direct', kind: 'baseline', runs: [0.1] }),
    makeFigure({ metric: 'c1-p50', scenario: 'pass-openai', label: 'pass', kind: 'gateway', runs: [0.3], reference: 0.1 }),
    makeFigure({ metric: 'c1-p50', scenario: 'direct-openai', label: 'direct', kind: 'repeat', runs: [0.11], reference: 0.1 }),
  ];
  const rows = figureRows(figures, memory);
  assert.deepEqual(rows[0]?.slice(2, 4), ['0.100 ms', 'direct']);
  assert.deepEqual(rows[1]?.slice(2, 4), ['0.300 ms', '3.00x (+0.200 ms)']);
  assert.equal(rows[2]?.[1], 'direct, again at the end');
  assert.equal(rows[2]?.[3], '1.10x of the first (+0.010 ms)');
  assert.ok(rows.some((r) => r[0] === 'gateway RSS' && r[2] === '70.0 MB'));
  assert.ok(rows.some((r) => r[0] === 'gateway JS heap growth' && r[2] === '0.0 B/req'));
});

test('targets are met or missed on the measured figures', () => {
  const g = (metric: 'c1-p50' | 'c1-p99' | 'c50-rps' | 'ttfb-p50', scenario: string, value: number, reference: number) =>
    makeFigure({ metric, scenario, label: scenario, kind: 'gateway', runs: [value], reference });
  const figures = [
    g('c1-p50', 'pass-openai', 0.35, 0.1),
    g('c1-p50', 'pass-anthropic', 0.3, 0.1),
    g('c1-p99', 'pass-openai', 1.0, 0.5),
    g('c1-p99', 'pass-anthropic', 1.2, 0.5),
    g('c50-rps', 'pass-openai', 3000, 10_000),
    g('c50-rps', 'pass-anthropic', 2600, 10_000),
    g('c50-rps', 'translate-anthropic-to-openai', 2400, 10_000),
    g('c50-rps', 'translate-openai-to-anthropic', 2500, 10_000),
  ];
  const results = evaluateTargets(figures, memory);
  const met = Object.fromEntries(results.map((r) => [r.target, r.met]));
  assert.equal(met['pass-through adds < 0.3 ms at p50, c=1'], true);
  assert.equal(met['pass-through adds < 1 ms at p99, c=1'], true);
  assert.equal(met['c=50: gateway serves >= 25% of direct req/s'], false, '24% for one translated route');
  assert.equal(met['translated streaming adds < 1 ms to TTFB (p50)'], false, 'not measured is not met');
  assert.equal(results.find((r) => r.target.startsWith('translated'))?.measured, 'not measured');
  assert.equal(met['idle RSS < 80 MB (headless)'], true);
  assert.equal(results.find((r) => r.target.startsWith('idle RSS'))?.measured, '65.0 MB idle for 180 s (70.0 MB just started)');
  assert.equal(evaluateTargets(figures, { ...memory, idleSettledBytes: 80 * 2 ** 20 }).find((r) => r.target.startsWith('idle RSS'))?.met, false);
  assert.equal(results.find((r) => r.target.startsWith('no per-request growth'))?.met, true);
});

test('CPU time is read from /proc stat text, whatever the command name holds', () => {
  const fields = ['S', '1', '2', '3', '0', '-1', '4194560', '100', '0', '0', '0', '250', '37', '0', '0', '20', '0', '12'];
  assert.equal(parseCpuMs(`4242 (node (serve) x) ${fields.join(' ')}`), 2870);
  assert.throws(() => parseCpuMs('4242 (node) S'));
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  assert.equal(parseSystemBusyMs('cpu  100 1 20 5000 7 0 3 2 0 0\ncpu0 1 2 3\n'), 1260);
});

test('VmRSS is read from /proc status text', () => {
  assert.equal(parseVmRss('Name:\tnode\nVmRSS:\t   81716 kB\nThreads:\t12\n'), 81716 * 1024);
  assert.equal(parseVmRss('Name:\tzombie\n'), null);
});

test('profile areas and bundle lines map to source files', () => {
  assert.equal(areaOf('file:///w/main/node_modules/undici/lib/x.js', 'f'), 'undici');
  assert.equal(areaOf('file:///w/main/node_modules/@scope/pkg/x.js', 'f'), '@scope/pkg');
  assert.equal(areaOf('file:///w/main/core/pipeline/chat.ts', 'f'), 'core/pipeline/chat.ts');
  assert.equal(areaOf('core/pipeline/chat.ts', 'f'), 'core/pipeline/chat.ts');
  assert.equal(areaOf('node:internal/streams/writable', 'f'), 'node:internal/streams');
  assert.equal(areaOf('', '(garbage collector)'), '(garbage collector)');
  assert.equal(areaOf('', 'writev'), '(native)');
  const source = bundleSourceMap(['import x;', '// node_modules/undici/index.js', 'a();', '// core/pipeline/chat.ts', 'b();'].join('\n'));
  assert.equal(source(0), undefined);
  assert.equal(source(2), 'node_modules/undici/index.js');
  assert.equal(source(4), 'core/pipeline/chat.ts');
});

test('a profile is summarised by self time, gateway inclusive time and area, idle left out', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3] },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('handleChat', 'file:///r/core/pipeline/chat.ts'), children: [4] },
      { id: 4, callFrame: frame('request', 'file:///r/node_modules/undici/index.js') },
    ],
    samples: [2, 3, 4, 4, 2],
    timeDeltas: [0, 1000, 1000, 1000, 1000],
  };
  const s = summarizeProfile(profile);
  assert.equal(s.totalMs, 4);
  assert.equal(s.busyMs, 3);
  assert.deepEqual(s.bySelf.map((l) => [l.name, l.ms]), [
    ['request undici:1', 2],
    ['handleChat core/pipeline/chat.ts:1', 1],
  ]);
  assert.deepEqual(s.projectInclusive.map((l) => [l.name, l.ms]), [['handleChat core/pipeline/chat.ts:1', 3]]);
  assert.deepEqual(s.byArea.map((l) => l.name), ['undici', 'core/pipeline/chat.ts']);
});
