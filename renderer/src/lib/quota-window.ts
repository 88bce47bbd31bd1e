/**
 * What a quota window's bar and label need, from the control API's figures. Pure; the page
 * turns these into text through its dictionary.
 */
import type { QuotaWindowStatus } from './views.js';

/**
 * A window's name as the gateway spells it (core/quota: windowName, usage readers and header
 * windows), taken apart so each part can be said in the UI's language. Names the gateway may
 * add later fall to `other` and are shown as they are.
 */
export type WindowName =
  | { kind: 'rolling' | 'fixed'; hours: number }
  | { kind: 'daily' | 'weekly' | 'monthly' }
  | { kind: 'key-limit'; period: 'daily' | 'weekly' | 'monthly' | null }
  | { kind: 'balance' }
  | { kind: 'headers'; unit: 'requests' | 'tokens' }
  | { kind: 'other'; name: string };

const CALENDAR = ['daily', 'weekly', 'monthly'] as const;
type Calendar = (typeof CALENDAR)[number];
const isCalendar = (s: string): s is Calendar => (CALENDAR as readonly string[]).includes(s);

export function parseWindowName(name: string): WindowName {
  const hours = /^(rolling|fixed)-(\d+(?:\.\d+)?)h$/.exec(name);
  if (hours) return { kind: hours[1] === 'rolling' ? 'rolling' : 'fixed', hours: Number(hours[2]) };
  if (isCalendar(name)) return { kind: name };
  if (name === 'key-limit') return { kind: 'key-limit', period: null };
  const period = /^key-limit-(.+)$/.exec(name)?.[1];
  if (period !== undefined && isCalendar(period)) return { kind: 'key-limit', period };
  if (name === 'balance') return { kind: 'balance' };
  if (name === 'headers-requests') return { kind: 'headers', unit: 'requests' };
  if (name === 'headers-tokens') return { kind: 'headers', unit: 'tokens' };
  return { kind: 'other', name };
}

/**
 * The share of the window used, 0..1, or null when the source gives no limit (a prepaid
 * balance): such a window has no bar, only what is left. A spent window is full whatever the
 * numbers say (a provider may report "exhausted" with credit rounding above zero).
 */
export function usedShare(w: Pick<QuotaWindowStatus, 'used' | 'limit' | 'remaining' | 'exhausted'>): number | null {
  if (w.limit === null || w.limit <= 0) return null;
  if (w.exhausted) return 1;
  const used = w.used ?? w.limit - w.remaining;
  return Math.max(0, Math.min(1, used / w.limit));
}

export type BarTone = 'ok' | 'warn' | 'bad';

/** Green, then amber from 80 % (the gateway's first warning level), red when spent. */
export function barTone(share: number, exhausted = false): BarTone {
  if (exhausted || share >= 1) return 'bad';
  return share >= 0.8 ? 'warn' : 'ok';
}

/** The whole percent for aria-valuenow: a bar that is nearly full must not read 100 until it is. */
export function percentOf(share: number): number {
  return share >= 1 ? 100 : Math.min(99, Math.round(share * 100));
}

/** An amount in its unit: money as currency, counts as plain numbers, in the UI's locale. */
export function formatAmount(tag: string, unit: QuotaWindowStatus['unit'], n: number): string {
  if (unit === 'usd' || unit === 'cny') {
    const currency = unit === 'usd' ? 'USD' : 'CNY';
    return new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: Math.abs(n) < 1 && n !== 0 ? 4 : 2 }).format(n);
  }
  return new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(n);
}
