/** Scopes as typed in one box: separated by commas, spaces or new lines. */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** A date input's value (YYYY-MM-DD, local) as the end of that day in Unix ms; '' is no expiry. */
export function expiryFromDate(value: string): number | null {
  if (!value) return null;
  const ms = new Date(`${value}T23:59:59`).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Unix ms as a date input's value, in local time. */
export function dateFromExpiry(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
