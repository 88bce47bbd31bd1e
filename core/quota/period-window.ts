import type { Period } from './calendar-period.js';

/**
 * Usage in a window that restarts at set times (calendar or fixed): one running total, reset
 * when a use from a later period arrives or when the period is asked about after its end.
 */
export interface PeriodWindow {
  add(ts: number, amount: number): void;
  used(now: number): number;
}

export function createPeriodWindow(periodAt: (t: number) => Period): PeriodWindow {
  let current: { start: number; used: number } | undefined;
  return {
    add(ts, amount) {
      if (!(amount > 0)) return;
      const { start } = periodAt(ts);
      // A use that started in an earlier period (a long request finishing late) belongs to it.
      if (current && start < current.start) return;
      if (!current || start > current.start) current = { start, used: 0 };
      current.used += amount;
    },
    used(now) {
      return current && current.start === periodAt(now).start ? current.used : 0;
    },
  };
}
