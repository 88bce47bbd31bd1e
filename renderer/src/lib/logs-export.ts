/**
 * The loaded log slice as CSV (RFC 4180) or JSON Lines. A CSV cell that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe: model names and
 * error codes come from clients and upstreams, so a request could plant one.
 */
import type { LogEntry } from './logs-types.js';

type Column = readonly [header: string, value: (e: LogEntry) => string | number | boolean | null];

const COLUMNS: readonly Column[] = [
  ['time', (e) => new Date(e.ts).toISOString()],
  ['id', (e) => e.id],
  ['status', (e) => e.status],
  ['client_format', (e) => e.clientFormat],
  ['requested_model', (e) => e.requestedModel],
  ['upstream_model', (e) => e.upstreamModel],
  ['upstream_format', (e) => e.upstreamFormat],
  ['provider', (e) => e.providerId],
  ['account', (e) => e.connectionId],
  ['key', (e) => e.keyLabel],
  ['endpoint', (e) => e.endpoint],
  ['stream', (e) => e.stream],
  ['latency_ms', (e) => e.latencyMs],
  ['ttft_ms', (e) => e.ttftMs],
  ['input_tokens', (e) => e.inputTokens],
  ['output_tokens', (e) => e.outputTokens],
  ['cached_tokens', (e) => e.cachedTokens],
  ['cache_write_tokens', (e) => e.cacheWriteTokens],
  ['reasoning_tokens', (e) => e.reasoningTokens],
  ['usage_estimated', (e) => e.usageEstimated],
  ['cost_usd', (e) => e.costUsd],
  ['attempts', (e) => e.attempts],
  ['fallbacks', (e) => e.fallbacks],
  ['error_code', (e) => e.errorCode],
  ['warnings', (e) => e.warnings.join('; ')],
];

export const CSV_HEADERS: readonly string[] = COLUMNS.map(([h]) => h);

/** One CSV field: formula-guarded when text, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(entries: readonly LogEntry[]): string {
  const lines = [CSV_HEADERS.join(','), ...entries.map((e) => COLUMNS.map(([, v]) => csvCell(v(e))).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** One JSON object a line, the entries exactly as logs.list gave them. */
export function toJsonLines(entries: readonly LogEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : '');
}

/** omniroute-logs-20240310-101500.csv, in local time, safe on every file system. */
export function exportFileName(now: Date, ext: 'csv' | 'jsonl'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `omniroute-logs-${stamp}.${ext}`;
}
