/**
 * The last hour's latency table from usage.summary grouped by provider: rows busiest first,
 * and latencies as a number plus the unit the dictionary words ("850 ms", "1.23 s").
 */
import type { UsageSummaryView } from './health-types.js';

export type LatencyRowData = UsageSummaryView['groups'][number];

export const HOUR_MS = 3_600_000;

/** The input for usage.summary over the hour before `now` (whole ms: the contract wants integers). */
export function lastHour(now: number): { from: number; to: number; groupBy: 'provider' } {
  const to = Math.floor(now);
  return { from: to - HOUR_MS, to, groupBy: 'provider' };
}

/** Busiest provider first; rows without a provider (refused before routing) last. */
export function latencyRows(groups: readonly LatencyRowData[]): LatencyRowData[] {
  return [...groups].filter((g) => g.requests > 0).sort((a, b) => Number(a.key === null) - Number(b.key === null) || b.requests - a.requests || (a.key ?? '').localeCompare(b.key ?? ''));
}

/** Under a second in whole ms, else seconds with two decimals; null when nothing was measured. */
export function latencyValue(tag: string, ms: number | null): { unit: 'ms' | 's'; n: string } | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  if (ms < 1000) return { unit: 'ms', n: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(ms) };
  return { unit: 's', n: new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ms / 1000) };
}
