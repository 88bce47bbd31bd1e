/** The benchmark's figures, their ratios to the direct call, and the one table that shows them. */
import { median } from './stats.js';

export type Metric =
  | 'c1-p50'
  | 'c1-p99'
  | 'c50-rps'
  | 'c50-p50'
  | 'c50-p99'
  | 'c50-cpu'
  | 'ttfb-p50'
  | 'ttfb-p99'
  | 'total-p50'
  | 'total-p99'
  | 'stream-cpu'
  | 'flood-total-p50'
  | 'flood-total-p99';

export type FigureUnit = 'ms' | 'req/s' | 'µs/req' | 'µs/chunk';

export const METRICS: Record<Metric, { label: string; unit: FigureUnit }> = {
  'c1-p50': { label: 'non-stream c=1 p50', unit: 'ms' },
  'c1-p99': { label: 'non-stream c=1 p99', unit: 'ms' },
  'c50-rps': { label: 'non-stream c=50 req/s', unit: 'req/s' },
  'c50-p50': { label: 'non-stream c=50 p50', unit: 'ms' },
  'c50-p99': { label: 'non-stream c=50 p99', unit: 'ms' },
  'c50-cpu': { label: 'non-stream c=50 CPU of the server', unit: 'µs/req' },
  'ttfb-p50': { label: 'stream c=10 TTFB p50', unit: 'ms' },
  'ttfb-p99': { label: 'stream c=10 TTFB p99', unit: 'ms' },
  'total-p50': { label: 'stream c=10 total p50', unit: 'ms' },
  'total-p99': { label: 'stream c=10 total p99', unit: 'ms' },
  'stream-cpu': { label: 'stream c=10 CPU of the server', unit: 'µs/chunk' },
  'flood-total-p50': { label: 'flood stream c=10 total p50', unit: 'ms' },
  'flood-total-p99': { label: 'flood stream c=10 total p99', unit: 'ms' },
};

export interface Figure {
  metric: Metric;
  scenario: string;
  label: string;
  unit: FigureUnit;
  /** One value per run; the figure is their median. */
  runs: number[];
  median: number;
  /** `baseline` is the direct call's median in the same run; `repeat` re-measures a direct call at the end. */
  kind: 'baseline' | 'gateway' | 'repeat';
  /** The median this figure is compared with (for a repeat: the same direct call measured earlier). */
  reference?: number;
  ratio?: number;
  /** median - reference, for times and CPU. */
  delta?: number;
}

export interface GrowthRound {
  /** Requests served since the rounds began. */
  requests: number;
  rssBytes: number;
  /** JS heap in use after a forced full GC, when the gateway's inspector was open. */
  heapBytes?: number;
}

export interface MemoryReport {
  /** 1.5 s after start. */
  idleBytes: number;
  idleNoLogBytes: number;
  /** A gateway left idle through the whole latency phase (V8 has run its idle-time GC). */
  idleSettledBytes: number;
  idleSettledAfterSec: number;
  afterLoadBytes: number;
  /** The memory-phase gateway (inspector open) after one warm-up round of load. */
  warmBytes: number;
  heldRequested: number;
  heldOpen: number;
  heldPeakBytes: number;
  afterHeldBytes: number;
  /** Memory after each extra round of load once the held streams closed. */
  growthRounds: GrowthRound[];
  growthRssBytesPerRequest: number;
  growthHeapBytesPerRequest: number;
}

export function ratio(value: number, reference: number): number {
  return reference === 0 ? Number.NaN : value / reference;
}

export function makeFigure(opts: {
  metric: Metric;
  scenario: string;
  label: string;
  kind: Figure['kind'];
  runs: number[];
  reference?: number;
}): Figure {
  const { unit } = METRICS[opts.metric];
  const m = median(opts.runs);
  const figure: Figure = { metric: opts.metric, scenario: opts.scenario, label: opts.label, unit, runs: opts.runs, median: m, kind: opts.kind };
  if (opts.reference !== undefined) {
    figure.reference = opts.reference;
    figure.ratio = ratio(m, opts.reference);
    if (unit !== 'req/s') figure.delta = m - opts.reference;
  }
  return figure;
}

export function formatValue(value: number, unit: FigureUnit | 'MB' | 'B/req'): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'µs/req':
    case 'µs/chunk':
      return `${Math.round(value)} ${unit}`;
    case 'ms':
      return `${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
    case 'req/s':
      return `${Math.round(value)} req/s`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
    case 'B/req':
      return `${value.toFixed(1)} B/req`;
  }
}

export function formatSigned(value: number, unit: Exclude<FigureUnit, 'req/s'>): string {
  const shown = formatValue(Math.abs(value), unit);
  return (value < 0 && /[1-9]/.test(shown) ? '-' : '+') + shown;
}

const MB = 1024 * 1024;

function compared(f: Figure): string {
  if (f.kind === 'baseline') return 'direct';
  if (f.ratio === undefined) return '';
  const r = Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}x` : 'n/a';
  const delta = f.delta !== undefined && f.unit !== 'req/s' ? ` (${formatSigned(f.delta, f.unit)})` : '';
  return f.kind === 'repeat' ? `${r} of the first${delta}` : `${r}${delta}`;
}

function runsCell(f: Figure): string {
  return f.runs.map((v) => (f.unit === 'ms' ? v.toFixed(3) : String(Math.round(v)))).join(' / ');
}

/** A Markdown table with padded columns, readable as plain text too. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function figureRows(figures: Figure[], memory?: MemoryReport): string[][] {
  const rows = figures.map((f) => [
    METRICS[f.metric].label,
    f.kind === 'repeat' ? `${f.label}, again at the end` : f.label,
    formatValue(f.median, f.unit),
    compared(f),
    runsCell(f),
  ]);
  if (memory) {
    const mb = (b: number) => formatValue(b / MB, 'MB');
    rows.push(
      ['gateway RSS', 'just started (1.5 s), log on', mb(memory.idleBytes), '', ''],
      ['gateway RSS', 'just started (1.5 s), log off', mb(memory.idleNoLogBytes), '', ''],
      ['gateway RSS', `idle for ${Math.round(memory.idleSettledAfterSec)} s, log on`, mb(memory.idleSettledBytes), '', ''],
      ['gateway RSS', 'end of the request/response load', mb(memory.afterLoadBytes), '', ''],
      ['gateway RSS', 'memory-phase gateway (inspector open) after a warm-up round', mb(memory.warmBytes), '', ''],
      ['gateway RSS', `${memory.heldOpen} of ${memory.heldRequested} long streams open at once (peak)`, mb(memory.heldPeakBytes), '', ''],
      ['gateway RSS', 'after the long streams closed', mb(memory.afterHeldBytes), '', ''],
      [
        'gateway RSS growth',
        `${memory.growthRounds.length} more rounds of load: ${memory.growthRounds.map((r) => mb(r.rssBytes)).join(', ')}`,
        formatValue(memory.growthRssBytesPerRequest, 'B/req'),
        '',
        '',
      ],
      [
        'gateway JS heap growth',
        `after a forced GC each round: ${memory.growthRounds.map((r) => (r.heapBytes === undefined ? 'n/a' : mb(r.heapBytes))).join(', ')}`,
        formatValue(memory.growthHeapBytesPerRequest, 'B/req'),
        '',
        '',
      ],
    );
  }
  return rows;
}

export const FIGURE_HEADER = ['figure', 'route', 'median', 'vs direct', 'runs'];

export function renderFigureTable(figures: Figure[], memory?: MemoryReport): string {
  return formatTable(FIGURE_HEADER, figureRows(figures, memory));
}
