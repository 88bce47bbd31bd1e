/**
 * Labels for the Usage page's charts, in the UI language. Hour buckets are shown in local
 * time; day and month buckets are UTC days and months (that is how the gateway buckets), so
 * they are labelled in UTC, else a UTC midnight would read as the previous day west of Greenwich.
 */
import type { UsageBucket } from './usage-range.js';

function dateFormat(tag: string, bucket: UsageBucket, long: boolean): Intl.DateTimeFormat {
  if (bucket === 'month') return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', year: 'numeric', month: long ? 'long' : 'short' });
  if (bucket === 'day') return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'short', day: 'numeric', ...(long ? { year: 'numeric' } : {}) });
  return new Intl.DateTimeFormat(tag, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A bucket in full, for the readout and the peak caption: "Mar 10, 14:00", "Mar 10, 2024", "March 2024". */
export function bucketLabel(tag: string, bucket: UsageBucket, start: number): string {
  return dateFormat(tag, bucket, true).format(start);
}

/** A short axis tick: hours show only the time, except at local midnight (and the first tick), which show the date. */
export function tickLabel(tag: string, bucket: UsageBucket, start: number, first: boolean): string {
  if (bucket !== 'hour') return dateFormat(tag, bucket, false).format(start);
  const d = new Date(start);
  if (first || (d.getHours() === 0 && d.getMinutes() === 0)) {
    return new Intl.DateTimeFormat(tag, { month: 'short', day: 'numeric' }).format(start);
  }
  return new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start);
}

export function compactNumber(tag: string, n: number): string {
  return new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Dollars with enough decimals that a fraction of a cent is not shown as $0.00. */
export function usd(tag: string, amount: number): string {
  const digits = amount === 0 ? 2 : amount < 0.01 ? 5 : amount < 1 ? 4 : 2;
  return new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits }).format(amount);
}

/** "120 ms" / "120毫秒", seconds from ten seconds up. */
export function duration(tag: string, ms: number): string {
  if (ms >= 10_000) return new Intl.NumberFormat(tag, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / 1000);
  return new Intl.NumberFormat(tag, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(ms);
}

/** A value as its chart shows it. */
export type ValueKind = 'count' | 'usd' | 'ms';

export function formatValue(tag: string, kind: ValueKind, v: number): string {
  if (kind === 'usd') return usd(tag, v);
  if (kind === 'ms') return duration(tag, v);
  return compactNumber(tag, v);
}
