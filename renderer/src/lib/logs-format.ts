/** How the Logs page writes a row's values: compact, locale-aware, "—" for what is unknown. */
import type { BadgeTone } from '../components/ui/badge.js';

export const DASH = '—';

/** 03/10 10:05:07: a log row needs the seconds, and the date only briefly. */
export function rowTimeFormatter(tag: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(tag, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** 850 ms, 1.2 s, 75 s: milliseconds until a second, then seconds. */
export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatCount(tag: string, n: number | null): string {
  return n === null ? DASH : new Intl.NumberFormat(tag).format(n);
}

/** Most requests cost a fraction of a cent: those keep two significant digits, so they neither read as $0.00 nor overflow a column. */
export function formatCost(tag: string, usd: number): string {
  const digits: Intl.NumberFormatOptions = usd > 0 && usd < 0.01 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: usd < 1 ? 4 : 2 };
  // narrowSymbol: "$" in every locale (zh-CN would write "US$", too wide for a table cell).
  return new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol', ...digits }).format(usd);
}

export function statusTone(status: number): BadgeTone {
  if (status < 400) return 'ok';
  if (status === 429 || status === 499) return 'warn';
  return 'bad';
}
