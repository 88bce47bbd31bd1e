/**
 * Countdowns and durations as parts for the page's own templates ("4h 59m 12s", "4 小时 59 分
 * 12 秒"), so no unit letter is hard-coded in English. Pure: the page passes the time in.
 */

export type DurationTemplate = 'dhm' | 'hms' | 'ms' | 's';

export interface DurationParts {
  template: DurationTemplate;
  d: number;
  h: number;
  m: number;
  s: number;
}

const SECOND = 1000;

/**
 * The parts of a duration, largest unit first. Days drop the seconds (a multi-day wait does not
 * need them); everything shorter keeps them, so a countdown visibly ticks.
 */
export function durationParts(ms: number): DurationParts {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const template: DurationTemplate = d > 0 ? 'dhm' : h > 0 ? 'hms' : m > 0 ? 'ms' : 's';
  return { template, d, h, m, s };
}

/**
 * The time left until `at`, rounded up to the second: a countdown shows "1s" until the moment
 * itself, never "0s" while there is still time to wait.
 */
export function countdownParts(at: number, now: number): DurationParts {
  return durationParts(Math.ceil(Math.max(0, at - now) / SECOND) * SECOND);
}

/**
 * Whether one of the times passed between two ticks of the clock: the figures shown then are
 * stale (a window refilled, a cooldown ended), so the page loads once more. Only the crossing
 * counts, so a time already in the past does not make every tick reload.
 */
export function anyPassed(times: Iterable<number | null | undefined>, before: number, now: number): boolean {
  for (const t of times) if (t !== null && t !== undefined && t > before && t <= now) return true;
  return false;
}
