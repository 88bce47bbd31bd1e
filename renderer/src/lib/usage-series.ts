/**
 * usage.timeseries answers as rows (one per bucket); a chart wants columns (one array per
 * line). Each chart here is a list of lines with their label and the CSS variable that
 * colours them, so the chart component can read the theme's colour when it draws.
 */
import type { UsageTimeseries } from '../../../core/control/usage-contract.js';

type Point = UsageTimeseries['points'][number];
type Figures = Omit<Point, 'start' | 'byGroup'>;

export interface ChartLine {
  label: string;
  /** A CSS custom property such as --chart-1, read at draw time so a theme switch repaints. */
  color: string;
  dashed?: boolean;
  /** One per bucket; null where there is nothing to plot (no requests, so no latency). */
  values: (number | null)[];
}

export interface ChartModel {
  /** Bucket starts, ms since the epoch. */
  xs: number[];
  lines: ChartLine[];
}

/** The chart palette (components/chart/chart.css) has this many colours per theme. */
export const PALETTE_SIZE = 8;

export function paletteColor(i: number): string {
  return `--chart-${(i % PALETTE_SIZE) + 1}`;
}

/** The whole range's line (in the foreground colour, dashed) and one per top group. */
function totalAndGroups(ts: UsageTimeseries, of: (f: Figures) => number, labels: { total: string; group: (i: number) => string }): ChartModel {
  const xs = ts.points.map((p) => p.start);
  const total: ChartLine = { label: labels.total, color: '--fg', dashed: true, values: ts.points.map(of) };
  const groups = ts.groups.map((_, i) => ({
    label: labels.group(i),
    color: paletteColor(i),
    values: ts.points.map((p) => {
      const g = p.byGroup[i];
      return g === undefined ? null : of(g);
    }),
  }));
  return { xs, lines: [total, ...groups] };
}

export function requestsChart(ts: UsageTimeseries, labels: { total: string; group: (i: number) => string }): ChartModel {
  return totalAndGroups(ts, (f) => f.requests, labels);
}

export function costChart(ts: UsageTimeseries, labels: { total: string; group: (i: number) => string }): ChartModel {
  return totalAndGroups(ts, (f) => f.costUsd, labels);
}

export type TokenKind = 'input' | 'output' | 'cached' | 'reasoning';
export const TOKEN_KINDS: readonly TokenKind[] = ['input', 'output', 'cached', 'reasoning'];

/** Input, output, cached and reasoning tokens of the whole range, a line each. */
export function tokensChart(ts: UsageTimeseries, labels: Record<TokenKind, string>): ChartModel {
  return {
    xs: ts.points.map((p) => p.start),
    lines: TOKEN_KINDS.map((kind, i) => ({ label: labels[kind], color: paletteColor(i), values: ts.points.map((p) => p.tokens[kind]) })),
  };
}

export type Percentile = 'p50' | 'p95' | 'p99';
const PERCENTILE_FIELD = { p50: 'latencyP50', p95: 'latencyP95', p99: 'latencyP99' } as const;
/** Green, gold, crimson: slower reads warmer. */
const PERCENTILE_COLOR: Record<Percentile, string> = { p50: paletteColor(2), p95: paletteColor(6), p99: paletteColor(4) };

export function latencyChart(ts: UsageTimeseries, labels: Record<Percentile, string>): ChartModel {
  const ps: Percentile[] = ['p50', 'p95', 'p99'];
  return {
    xs: ts.points.map((p) => p.start),
    lines: ps.map((p) => ({ label: labels[p], color: PERCENTILE_COLOR[p], values: ts.points.map((pt) => pt[PERCENTILE_FIELD[p]]) })),
  };
}

/** How many plotted values are above zero: a chart with none draws only its axes. */
export function drawnValues(model: ChartModel): number {
  return model.lines.reduce((n, l) => n + l.values.filter((v) => v !== null && v > 0).length, 0);
}

/** The largest value of a line and the bucket it falls in; null when the line is all empty or zero. */
export function peakOf(model: ChartModel, line: number): { at: number; value: number } | null {
  const values = model.lines[line]?.values ?? [];
  let best: { at: number; value: number } | null = null;
  values.forEach((v, i) => {
    const at = model.xs[i];
    if (v !== null && v > 0 && at !== undefined && (best === null || v > best.value)) best = { at, value: v };
  });
  return best;
}

/** At most `max` evenly spaced bucket starts, the first always among them, for axis ticks. */
export function thinTicks(xs: readonly number[], max: number): number[] {
  if (xs.length <= max) return [...xs];
  const step = Math.ceil(xs.length / max);
  return xs.filter((_, i) => i % step === 0);
}
