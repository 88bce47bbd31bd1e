/**
 * How the tray and the notifications say quota things in words: a window's name, a reset
 * countdown, how much of an account is left. Countdowns only, never clock times: the tray
 * re-renders every minute anyway, and a countdown reads the same in every time zone.
 */
import type { ConnectionQuota, QuotaWindowStatus } from '../core/quota/quota-status.js';

const NAMED_WINDOWS: Record<string, string> = {
  daily: 'daily window',
  weekly: 'weekly window',
  monthly: 'monthly window',
  balance: 'balance',
  'key-limit': 'key limit',
  'key-limit-weekly': 'weekly key limit',
  'headers-requests': 'request rate limit',
  'headers-tokens': 'token rate limit',
};

/** "rolling-5h" → "5-hour window", "weekly" → "weekly window"; unknown names stay as they are. */
export function windowName(window: string): string {
  const named = NAMED_WINDOWS[window];
  if (named) return named;
  const hours = /^(?:rolling|fixed)-(\d+)h$/.exec(window);
  if (hours) return `${hours[1]}-hour window`;
  return window;
}

/** "42 min", "3 h 10 min", "2 d 4 h"; "under a minute" below one. */
export function countdown(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** The share of a window still left, 0..1; null where the window has no known limit (a balance). */
export function shareLeft(w: Pick<QuotaWindowStatus, 'remaining' | 'limit' | 'exhausted'>): number | null {
  if (w.exhausted) return 0;
  if (w.limit === null || !(w.limit > 0)) return null;
  return Math.max(0, Math.min(1, w.remaining / w.limit));
}

/** The window with the least left (an exhausted one first), or undefined when none has a limit or is exhausted. */
export function tightestWindow(quota: Pick<ConnectionQuota, 'windows'>): QuotaWindowStatus | undefined {
  let best: { w: QuotaWindowStatus; left: number } | undefined;
  for (const w of quota.windows) {
    const left = shareLeft(w);
    if (left === null) continue;
    if (!best || left < best.left) best = { w, left };
  }
  return best?.w;
}

/** "42 % left", rounding down so "0 % left" never shows for a window that still has some. */
export function percentLeft(share: number): string {
  const pct = share > 0 && share < 0.01 ? 1 : Math.floor(share * 100);
  return `${pct} % left`;
}

/** "resets in 2 h 10 min", or "" for a window that does not reset by itself. */
export function resetPhrase(resetAt: number | null, now: number): string {
  if (resetAt === null) return '';
  return `resets in ${countdown(Math.max(0, resetAt - now))}`;
}
