import type { QuotaWindowConfig } from '../config/usage-schema.js';
import { periodOf } from './calendar-period.js';
import type { Period } from './calendar-period.js';
import { createPeriodWindow } from './period-window.js';
import { createRollingWindow } from './rolling-window.js';

const HOUR_MS = 3_600_000;

/** One configured window at one instant. */
export interface WindowReading {
  used: number;
  limit: number;
  remaining: number;
  /** Undefined for a rolling window with nothing counted. */
  resetAt: number | undefined;
  exhausted: boolean;
}

export interface WindowCounter {
  readonly config: QuotaWindowConfig;
  add(ts: number, amount: number): void;
  /** What is counted at `now`: cheap, asked on every request routing plans. */
  used(now: number): number;
  read(now: number): WindowReading;
  /** The earliest use that still counts at `now` (what a restart must read back). */
  since(now: number): number;
}

export function createWindowCounter(config: QuotaWindowConfig): WindowCounter {
  const reading = (used: number, resetAt: number | undefined): WindowReading => ({
    used,
    limit: config.limit,
    remaining: Math.max(0, config.limit - used),
    resetAt,
    exhausted: used >= config.limit,
  });
  if (config.kind === 'rolling') {
    const windowMs = (config.hours ?? 0) * HOUR_MS;
    const rolling = createRollingWindow(windowMs);
    return {
      config,
      add: rolling.add,
      used: rolling.used,
      read: (now) => reading(rolling.used(now), rolling.resetAt(now, config.limit)),
      since: (now) => now - windowMs - 60_000,
    };
  }
  const period = createPeriodWindow((t: number): Period => periodOf(config, t)!);
  return {
    config,
    add: period.add,
    used: period.used,
    read: (now) => reading(period.used(now), period.period(now).end),
    since: (now) => period.period(now).start,
  };
}
