/** Locale-aware formatting for the dashboard; `tag` is a BCP 47 tag such as en or zh-CN. */

export function formatDateTime(tag: string, ms: number): string {
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatDate(tag: string, ms: number): string {
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }).format(ms);
}

export function formatTime(tag: string, ms: number): string {
  return new Intl.DateTimeFormat(tag, { timeStyle: 'short' }).format(ms);
}

/** "in 5 minutes" / "5 分钟后"; picks the largest unit that keeps the number above one. */
export function formatRelative(tag: string, ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

export function formatUsd(tag: string, amount: number): string {
  return new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', maximumFractionDigits: amount < 1 ? 4 : 2 }).format(amount);
}

export function formatPercent(tag: string, fraction: number): string {
  return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

export function formatNumber(tag: string, n: number): string {
  return new Intl.NumberFormat(tag).format(n);
}
