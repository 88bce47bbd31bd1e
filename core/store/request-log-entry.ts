import type { Insertable, Selectable } from 'kysely';
import { attemptsToColumn, type LoggedAttempt } from './logged-attempts.js';
import type { RequestBodyKind, RequestLogTable } from './schema.js';

export type { RequestBodyKind } from './schema.js';

/** One finished request, as the pipeline reports it. Token counts are absent when unknown. */
export interface RequestLogEntry {
  /** The request id. */
  id: string;
  /** Start time, ms since the epoch. */
  ts: number;
  clientFormat: string;
  requestedModel: string;
  providerId?: string;
  connectionId?: string;
  upstreamModel?: string;
  upstreamFormat?: string;
  stream: boolean;
  status: number;
  latencyMs: number;
  ttftMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  errorCode?: string;
  /** Upstream calls made, and how many failed over to the next candidate. */
  attempts?: number;
  fallbacks?: number;
  /** The label of the gateway key the client presented. */
  keyLabel?: string;
  cacheWriteTokens?: number;
  /** US dollars; 0 on a subscription account, absent when the model has no known price. */
  costUsd?: number;
  /** The token counts were estimated from the text (the upstream reported none). */
  usageEstimated?: boolean;
  /** What translation dropped or changed (the x-omniroute-warnings items). */
  warnings?: string[];
  /** Set for calls that are not generations: 'count_tokens'. */
  endpoint?: string;
  /** Captured bodies (already redacted and cut), written in the same transaction as the row. */
  bodies?: RequestBodyEntry[];
  /** Each upstream call in order (at most MAX_LOGGED_ATTEMPTS); turned into JSON only when the row is written. */
  attemptList?: readonly LoggedAttempt[];
  /** Calls made beyond those in attemptList. */
  attemptsOmitted?: number;
}

export interface RequestBodyEntry {
  kind: RequestBodyKind;
  body: string;
  /** The body was cut at the configured size cap. */
  truncated: boolean;
}

// A batch is one transaction, so one row SQLite rejects would hold back every entry queued
// with it on every retry. Numbers are therefore made storable here (NaN binds as NULL and
// would break a NOT NULL column) instead of failing the batch.
export function toRequestLogRow(entry: RequestLogEntry): Insertable<RequestLogTable> {
  return {
    id: entry.id,
    ts: requiredInt(entry.ts),
    client_format: entry.clientFormat,
    requested_model: entry.requestedModel,
    provider_id: entry.providerId ?? null,
    connection_id: entry.connectionId ?? null,
    upstream_model: entry.upstreamModel ?? null,
    upstream_format: entry.upstreamFormat ?? null,
    stream: entry.stream ? 1 : 0,
    status: requiredInt(entry.status),
    latency_ms: requiredInt(entry.latencyMs),
    ttft_ms: optionalInt(entry.ttftMs),
    input_tokens: optionalInt(entry.inputTokens),
    output_tokens: optionalInt(entry.outputTokens),
    cached_tokens: optionalInt(entry.cachedTokens),
    reasoning_tokens: optionalInt(entry.reasoningTokens),
    error_code: entry.errorCode ?? null,
    attempts: requiredInt(entry.attempts ?? 0),
    fallbacks: requiredInt(entry.fallbacks ?? 0),
    key_label: entry.keyLabel ?? null,
    cache_write_tokens: optionalInt(entry.cacheWriteTokens),
    cost_usd: entry.costUsd !== undefined && Number.isFinite(entry.costUsd) ? entry.costUsd : null,
    usage_estimated: entry.usageEstimated ? 1 : 0,
    warnings: entry.warnings !== undefined && entry.warnings.length > 0 ? JSON.stringify(entry.warnings) : null,
    endpoint: entry.endpoint ?? null,
    attempt_list: attemptsToColumn(entry.attemptList, entry.attemptsOmitted),
  };
}

/**
 * A row as the log lists it. attempt_list is left out there (the list stays light) and read
 * only for one request's detail (request-log-page.ts).
 */
export function fromRequestLogRow(row: Omit<Selectable<RequestLogTable>, 'attempt_list'>): RequestLogEntry {
  const entry: RequestLogEntry = {
    id: row.id,
    ts: row.ts,
    clientFormat: row.client_format,
    requestedModel: row.requested_model,
    stream: row.stream !== 0,
    status: row.status,
    latencyMs: row.latency_ms,
    attempts: row.attempts,
    fallbacks: row.fallbacks,
  };
  if (row.provider_id !== null) entry.providerId = row.provider_id;
  if (row.connection_id !== null) entry.connectionId = row.connection_id;
  if (row.upstream_model !== null) entry.upstreamModel = row.upstream_model;
  if (row.upstream_format !== null) entry.upstreamFormat = row.upstream_format;
  if (row.ttft_ms !== null) entry.ttftMs = row.ttft_ms;
  if (row.input_tokens !== null) entry.inputTokens = row.input_tokens;
  if (row.output_tokens !== null) entry.outputTokens = row.output_tokens;
  if (row.cached_tokens !== null) entry.cachedTokens = row.cached_tokens;
  if (row.reasoning_tokens !== null) entry.reasoningTokens = row.reasoning_tokens;
  if (row.error_code !== null) entry.errorCode = row.error_code;
  if (row.key_label !== null) entry.keyLabel = row.key_label;
  if (row.cache_write_tokens !== null) entry.cacheWriteTokens = row.cache_write_tokens;
  if (row.cost_usd !== null) entry.costUsd = row.cost_usd;
  if (row.usage_estimated) entry.usageEstimated = true;
  if (row.warnings !== null) entry.warnings = parseWarnings(row.warnings);
  if (row.endpoint !== null) entry.endpoint = row.endpoint;
  return entry;
}

function parseWarnings(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}

function requiredInt(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

function optionalInt(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? Math.trunc(value) : null;
}
