import type { LoggedAttempt } from '../store/logged-attempts.js';
import type { RequestLogEntry } from '../store/request-log-entry.js';
import type { Usage, WireFormat } from '../formats/canonical.js';
import type { ServiceEndpoint } from '../providers/types.js';
import type { CapturedBody } from './body-capture.js';

/** What the gateway remembers about one client request once it is over. */
export interface RequestRecord {
  id: string;
  /** Unix ms when the request arrived. */
  ts: number;
  clientFormat: WireFormat;
  requestedModel: string;
  providerId?: string;
  connectionId?: string;
  upstreamModel?: string;
  upstreamFormat?: WireFormat;
  stream: boolean;
  /** Upstream calls made, and how many of them failed over to the next candidate. */
  attempts: number;
  fallbacks: number;
  /** Each upstream call in order, bounded (attempt-list.ts); absent until the first call. */
  attemptList?: LoggedAttempt[];
  /** Calls left out of attemptList by its bound. */
  attemptsOmitted?: number;
  /** HTTP status the client got; 499 when the client went away first. */
  status: number;
  latencyMs: number;
  ttftMs?: number;
  usage?: Usage;
  /** The usage was estimated from the text because the upstream reported none. */
  usageEstimated?: boolean;
  /** US dollars, from the price table; 0 on a subscription account. */
  costUsd?: number;
  /** The label of the gateway key the client presented. */
  keyLabel?: string;
  errorCode?: string;
  /** What translation dropped or changed (the x-omniroute-warnings header's items). */
  warnings?: string[];
  /** Absent for a generation; 'count_tokens' for Anthropic's token count, else the service endpoint (`embeddings`, ...). */
  endpoint?: 'count_tokens' | ServiceEndpoint;
  /** The four bodies, redacted and cut, when body capture is on. */
  bodies?: CapturedBody[];
}

/** The record of a request that has just arrived: nothing routed, nothing answered yet. */
export function newRequestRecord(call: { requestId: string; ts: number; keyLabel?: string | undefined }, clientFormat: WireFormat): RequestRecord {
  return {
    id: call.requestId,
    ts: call.ts,
    clientFormat,
    requestedModel: '',
    stream: false,
    status: 0,
    latencyMs: 0,
    attempts: 0,
    fallbacks: 0,
    ...(call.keyLabel !== undefined ? { keyLabel: call.keyLabel } : {}),
  };
}

/** The request-log row of a finished request. */
export function toLogEntry(record: RequestRecord): RequestLogEntry {
  return {
    id: record.id,
    ts: record.ts,
    clientFormat: record.clientFormat,
    requestedModel: record.requestedModel,
    providerId: record.providerId,
    connectionId: record.connectionId,
    upstreamModel: record.upstreamModel,
    upstreamFormat: record.upstreamFormat,
    stream: record.stream,
    status: record.status,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs,
    inputTokens: record.usage?.inputTokens,
    outputTokens: record.usage?.outputTokens,
    cachedTokens: record.usage?.cachedInputTokens,
    cacheWriteTokens: record.usage?.cacheWriteTokens,
    reasoningTokens: record.usage?.reasoningTokens,
    usageEstimated: record.usageEstimated,
    costUsd: record.costUsd,
    keyLabel: record.keyLabel,
    errorCode: record.errorCode,
    warnings: record.warnings,
    endpoint: record.endpoint,
    attempts: record.attempts,
    fallbacks: record.fallbacks,
    bodies: record.bodies,
    attemptList: record.attemptList,
    attemptsOmitted: record.attemptsOmitted,
  };
}
