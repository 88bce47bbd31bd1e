import type { QuotaWindowConfig } from '../config/usage-schema.js';

/** A window that starts and ends at set times: [start, end), Unix ms. */
export interface Period {
  start: number;
  end: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** UTC calendar windows: the day from midnight, the week from Monday midnight, the month from the 1st. */
export function calendarPeriod(kind: 'daily' | 'weekly' | 'monthly', now: number): Period {
  const d = new Date(now);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (kind === 'daily') return { start: midnight, end: midnight + DAY_MS };
  if (kind === 'weekly') {
    // getUTCDay: Sunday 0 ... Saturday 6; weeks start on Monday.
    const sinceMonday = (d.getUTCDay() + 6) % 7;
    const start = midnight - sinceMonday * DAY_MS;
    return { start, end: start + 7 * DAY_MS };
  }
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** Every `hours` counted from `anchor` (before the anchor as well as after it). */
export function fixedPeriod(hours: number, anchor: number, now: number): Period {
  const length = hours * HOUR_MS;
  const start = anchor + Math.floor((now - anchor) / length) * length;
  return { start, end: start + length };
}

/** The period a non-rolling window is in at `now`; undefined for a rolling window. */
export function periodOf(config: QuotaWindowConfig, now: number): Period | undefined {
  switch (config.kind) {
    case 'rolling':
      return undefined;
    case 'fixed':
      return fixedPeriod(config.hours ?? 24, Date.parse(config.anchor ?? '1970-01-01T00:00:00Z'), now);
    default:
      return calendarPeriod(config.kind, now);
  }
}

/** The name a window goes by in status and events. */
export function windowName(config: QuotaWindowConfig): string {
  if (config.kind === 'rolling' || config.kind === 'fixed') return `${config.kind}-${config.hours ?? 0}h`;
  return config.kind;
}
