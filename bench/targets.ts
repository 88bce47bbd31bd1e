/** The targets, checked against one run's figures. Reported, never asserted in tests. */
import { formatSigned, formatTable, formatValue } from './report.js';
import type { Figure, MemoryReport, Metric } from './report.js';

export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

/**
 * The JS heap is read after a forced full GC following rounds of tens of thousands of
 * requests; it moves by a few hundred KB between rounds, while a leak of one small object per
 * request (~100 bytes) shows above this line.
 */
export const GROWTH_LIMIT_BYTES_PER_REQUEST = 50;
export const IDLE_RSS_LIMIT_BYTES = 80 * 1024 * 1024;

const PASS = ['pass-openai', 'pass-anthropic'];
const TRANSLATED = ['translate-anthropic-to-openai', 'translate-openai-to-anthropic'];

function find(figures: Figure[], metric: Metric, scenario: string): Figure | undefined {
  return figures.find((f) => f.metric === metric && f.scenario === scenario && f.kind === 'gateway');
}

function check(
  figures: Figure[],
  target: string,
  metric: Metric,
  scenarios: string[],
  show: (f: Figure) => string,
  ok: (f: Figure) => boolean,
): TargetResult {
  const found = scenarios.map((s) => find(figures, metric, s));
  const present = found.filter((f): f is Figure => f !== undefined);
  if (present.length < scenarios.length) return { target, measured: 'not measured', met: false };
  return { target, measured: present.map((f) => `${show(f)} ${f.label}`).join('; '), met: present.every(ok) };
}

const mb = (bytes: number) => formatValue(bytes / (1024 * 1024), 'MB');

export function evaluateTargets(figures: Figure[], memory?: MemoryReport): TargetResult[] {
  const added = (limit: number) => (f: Figure) => f.delta !== undefined && f.delta < limit;
  const showDelta = (f: Figure) => (f.delta !== undefined ? formatSigned(f.delta, 'ms') : 'n/a');
  const results = [
    check(figures, 'pass-through adds < 0.3 ms at p50, c=1', 'c1-p50', PASS, showDelta, added(0.3)),
    check(figures, 'pass-through adds < 1 ms at p99, c=1', 'c1-p99', PASS, showDelta, added(1)),
    check(
      figures,
      'c=50: gateway serves >= 25% of direct req/s',
      'c50-rps',
      [...PASS, ...TRANSLATED],
      (f) => `${((f.ratio ?? Number.NaN) * 100).toFixed(0)}%`,
      (f) => f.ratio !== undefined && f.ratio >= 0.25,
    ),
    check(figures, 'translated streaming adds < 1 ms to TTFB (p50)', 'ttfb-p50', TRANSLATED, showDelta, added(1)),
  ];
  if (memory) {
    results.push(
      {
        target: 'idle RSS < 80 MB (headless)',
        measured: `${mb(memory.idleSettledBytes)} idle for ${Math.round(memory.idleSettledAfterSec)} s (${mb(memory.idleBytes)} just started)`,
        met: memory.idleSettledBytes < IDLE_RSS_LIMIT_BYTES,
      },
      {
        target: `no per-request growth after the load (heap after GC, < ${GROWTH_LIMIT_BYTES_PER_REQUEST} B/req)`,
        measured: `${formatValue(memory.growthHeapBytesPerRequest, 'B/req')} (RSS: ${formatValue(memory.growthRssBytesPerRequest, 'B/req')})`,
        met: memory.growthHeapBytesPerRequest < GROWTH_LIMIT_BYTES_PER_REQUEST,
      },
    );
  }
  return results;
}

export function renderTargetTable(results: TargetResult[]): string {
  return formatTable(
    ['target', 'measured', 'met'],
    results.map((r) => [r.target, r.measured, r.met ? 'yes' : 'NO']),
  );
}
