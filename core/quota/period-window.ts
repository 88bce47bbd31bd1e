import type { Period } from './calendar-period.js';

/**
 * Usage in a window that restarts at set times (calendar or fixed): one running total, reset
 * when a use from a later period arrives or when the period is asked about after its end.
 */
export interface PeriodWindow {
  add(ts: number, amount: number): void;
  used(now: number): number;
  /** The period `t` falls in. */
  period(t: number): Period;
}

export function createPeriodWindow(periodAt: (t: number) => Period): PeriodWindow {
  let current: { start: number; used: number } | undefined;
  // Routing asks on every request: the calendar math runs only when time leaves this period.
  let last: Period | undefined;
  const period = (t: number): Period => (last && last.start <= t && t < last.end ? last : (last = periodAt(t)));
  return {
    add(ts, amount) {
      if (!(amount > 0)) return;
      const { start } = period(ts);
      // A use that started in an earlier period (a long request finishing late) belongs to it.
      if (current && start < current.start) return;
      if (!current || start > current.start) current = { start, used: 0 };
      current.used += amount;
    },
    used(now) {
      return current && current.start === period(now).start ? current.used : 0;
    },
    period,
  };
}
