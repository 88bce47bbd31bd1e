/**
 * The Logs page's filters and how they become a `logs.list` query, plus merging a freshly
 * fetched head of the log into the rows already on screen (the live tail). Pure: no DOM, no
 * clock of its own, so node:test covers it.
 */
import type { LogEntry, LogsListInput } from './logs-types.js';

export const RANGE_PRESETS = ['all', '15m', '1h', '24h', '7d', '30d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const PRESET_MS: Record<Exclude<RangePreset, 'all' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** The formats a client can speak (core/formats/canonical.ts WIRE_FORMATS; a literal, as the bundle carries no gateway code). */
export const CLIENT_FORMATS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ollama'] as const;

/** 'success' / 'error' as the contract has them; a number string is one exact HTTP status. */
export const STATUS_CHOICES = ['all', 'success', 'error', '400', '401', '403', '404', '429', '500', '502', '503', '504'] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number];

export interface LogFilters {
  range: RangePreset;
  /** `<input type="datetime-local">` values (local time), used when range is 'custom'; '' is open-ended. */
  customFrom: string;
  customTo: string;
  status: StatusChoice;
  /** null: any. */
  model: string | null;
  provider: string | null;
  /** A connection id. */
  account: string | null;
  /** A gateway key label. */
  key: string | null;
  clientFormat: string | null;
}

export const NO_FILTERS: LogFilters = { range: 'all', customFrom: '', customTo: '', status: 'all', model: null, provider: null, account: null, key: null, clientFormat: null };

/** Every field of LogFilters (the unit test checks none is missing). */
export const FILTER_KEYS = ['range', 'customFrom', 'customTo', 'status', 'model', 'provider', 'account', 'key', 'clientFormat'] as const satisfies readonly (keyof LogFilters)[];

export function sameFilters(a: LogFilters, b: LogFilters): boolean {
  return FILTER_KEYS.every((k) => a[k] === b[k]);
}

/** Whether any filter narrows the log (a custom range left empty does not). */
export function isFiltered(f: LogFilters): boolean {
  const q = toListInput(f, 0, 1);
  return !q.ok || Object.keys(q.input).length > 1;
}

export type QueryResult = { ok: true; input: LogsListInput } | { ok: false; reason: 'range' };

/**
 * The `logs.list` input for these filters. Relative ranges are anchored at `now` (the moment
 * the query is made); a custom range whose end is not after its start is refused here, so
 * the page can say so instead of showing the gateway's error.
 */
export function toListInput(f: LogFilters, now: number, limit: number): QueryResult {
  const input: LogsListInput = { limit };
  if (f.range === 'custom') {
    const from = parseLocal(f.customFrom);
    const to = parseLocal(f.customTo);
    if (from !== undefined && to !== undefined && to <= from) return { ok: false, reason: 'range' };
    if (from !== undefined) input.from = from;
    if (to !== undefined) input.to = to;
  } else if (f.range !== 'all') {
    input.from = Math.max(0, now - PRESET_MS[f.range]);
  }
  if (f.status === 'success' || f.status === 'error') input.status = f.status;
  else if (f.status !== 'all') input.status = Number(f.status);
  if (f.model !== null) input.model = f.model;
  if (f.provider !== null) input.provider = f.provider;
  if (f.account !== null) input.account = f.account;
  if (f.key !== null) input.key = f.key;
  if (f.clientFormat !== null) input.clientFormat = f.clientFormat;
  return { ok: true, input };
}

/** The [from, to) span the filter options (models, accounts… seen in the log) are gathered over. */
export function optionsRange(f: LogFilters, now: number): { from: number; to: number } {
  const q = toListInput(f, now, 1);
  const from = q.ok ? (q.input.from ?? 0) : 0;
  // A minute ahead, so a request finishing while the options load is inside.
  const to = q.ok ? (q.input.to ?? now + 60_000) : now + 60_000;
  return to > from ? { from, to } : { from: 0, to: now + 60_000 };
}

/** A datetime-local value as ms since the epoch; undefined when empty or not a date. */
export function parseLocal(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * The rows on screen with a fresh head of the log (newest first) put on top. Rows already
 * shown are kept as they are. When none of the head overlaps what is shown and the head has
 * more behind it, requests were missed in between: `gap` tells the caller to reload instead.
 */
export function mergeHead(shown: readonly LogEntry[], head: readonly LogEntry[], headHasMore: boolean): { rows: LogEntry[]; added: number; gap: boolean } {
  const known = new Set(shown.map((r) => r.id));
  const fresh = head.filter((r) => !known.has(r.id));
  const overlaps = fresh.length < head.length;
  if (shown.length > 0 && !overlaps && headHasMore) return { rows: [...shown], added: 0, gap: true };
  const newest = shown[0];
  // Only rows newer than the top one go above it; an older stray belongs further down, where paging will bring it.
  const above = newest === undefined ? fresh : fresh.filter((r) => r.ts > newest.ts || (r.ts === newest.ts && r.id > newest.id));
  return { rows: [...above, ...shown], added: above.length, gap: false };
}
