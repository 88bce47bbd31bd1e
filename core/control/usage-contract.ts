/**
 * Schemas of the usage analytics, request log, backup and configuration export operations;
 * contract.ts lists them. Times are ms since the epoch, amounts US dollars.
 */
import { z } from 'zod';
import { configDocumentSchema } from '../backup/config-document.js';
import { MAX_BUCKETS } from '../store/analytics-query.js';
import { LoggedAttempt } from '../store/logged-attempts.js';

const time = z.number().int().nonnegative();
const id = z.string().min(1).max(500);
const filters = { provider: id.optional(), model: id.optional(), key: id.optional(), account: id.optional() };
const ordered = (r: { from: number; to: number }) => r.to > r.from;
const orderedMessage = { message: '`to` must be after `from`', path: ['to'] };

export const UsageSummaryInput = z
  .object({
    from: time,
    to: time,
    groupBy: z.enum(['model', 'upstreamModel', 'provider', 'account', 'key', 'none']),
    ...filters,
  })
  .strict()
  .refine(ordered, orderedMessage);
export type UsageSummaryInput = z.infer<typeof UsageSummaryInput>;

const Tokens = z.object({ input: z.number(), output: z.number(), cached: z.number(), cacheWrite: z.number(), reasoning: z.number() });

export const UsageGroup = z.object({
  /** Model, provider id, connection id or key label; null for rows without one, and for the total. */
  key: z.string().nullable(),
  /** For accounts: "<provider>/<label>" of the connection, when it still exists. */
  label: z.string().nullable(),
  requests: z.number(),
  successes: z.number(),
  successRate: z.number(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyP99: z.number().nullable(),
  ttftP50: z.number().nullable(),
  tokens: Tokens,
  costUsd: z.number(),
  /** Requests whose cost is unknown (no price), so costUsd is a lower bound. */
  unknownCostRequests: z.number(),
});
export const UsageSummary = z.object({ from: z.number(), to: z.number(), groupBy: z.string(), groups: z.array(UsageGroup), total: UsageGroup });
export type UsageSummary = z.infer<typeof UsageSummary>;

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000, month: 28 * 86_400_000 } as const;
export const UsageTimeseriesInput = z
  .object({
    from: time,
    to: time,
    bucket: z.enum(['hour', 'day', 'month']),
    /** Also split each bucket by the range's top groups (at most 8, by requests). */
    groupBy: z.enum(['model', 'upstreamModel', 'provider', 'account', 'key']).optional(),
    ...filters,
  })
  .strict()
  .refine(ordered, orderedMessage)
  .refine((r) => (r.to - r.from) / BUCKET_MS[r.bucket] < MAX_BUCKETS - 1, {
    message: `the range spans too many buckets (at most ${MAX_BUCKETS}); use a larger bucket`,
    path: ['bucket'],
  });
export type UsageTimeseriesInput = z.infer<typeof UsageTimeseriesInput>;

const BucketFigures = {
  requests: z.number(),
  successes: z.number(),
  tokens: Tokens,
  costUsd: z.number(),
  unknownCostRequests: z.number(),
  /** Nearest-rank latency percentiles of the bucket's requests; null for an empty bucket. */
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyP99: z.number().nullable(),
};
export const UsageTimeseries = z.object({
  bucket: z.string(),
  /** With a groupBy: the top groups of the range, most requests first (key and label as in UsageGroup); else empty. */
  groups: z.array(z.object({ key: z.string().nullable(), label: z.string().nullable() })),
  points: z.array(
    z.object({
      start: z.number(),
      ...BucketFigures,
      /** Each of `groups`' figures in this bucket, in the same order; empty without a groupBy. */
      byGroup: z.array(z.object({ key: z.string().nullable(), ...BucketFigures })),
    }),
  ),
});
export type UsageTimeseries = z.infer<typeof UsageTimeseries>;

const Cursor = z.object({ ts: time, id }).strict();
export const LogsListInput = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    /** The `next` of the previous page. */
    before: Cursor.optional(),
    status: z.union([z.enum(['success', 'error']), z.number().int().min(100).max(599)]).optional(),
    provider: id.optional(),
    model: id.optional(),
    key: id.optional(),
    /** A connection id. */
    account: id.optional(),
    /** The wire format the client spoke: openai-chat, openai-responses, anthropic, gemini. */
    clientFormat: id.optional(),
    /** Start times in [from, to). */
    from: time.optional(),
    to: time.optional(),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.to > r.from, orderedMessage);
export type LogsListInput = z.infer<typeof LogsListInput>;

export const LogEntry = z.object({
  id: z.string(),
  ts: z.number(),
  clientFormat: z.string(),
  requestedModel: z.string(),
  providerId: z.string().nullable(),
  connectionId: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  upstreamFormat: z.string().nullable(),
  stream: z.boolean(),
  status: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  cachedTokens: z.number().nullable(),
  cacheWriteTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  /** Null when the model has no known price. */
  costUsd: z.number().nullable(),
  /** The token counts were estimated from the text (the upstream reported none). */
  usageEstimated: z.boolean(),
  keyLabel: z.string().nullable(),
  errorCode: z.string().nullable(),
  attempts: z.number(),
  fallbacks: z.number(),
  /** What translation dropped or changed (the x-omniroute-warnings items); empty when nothing. */
  warnings: z.array(z.string()),
  /** 'count_tokens' for a token count; null for a model request. */
  endpoint: z.string().nullable(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogsPage = z.object({ entries: z.array(LogEntry), next: Cursor.nullable() });
export type LogsPage = z.infer<typeof LogsPage>;

export const LogDetail = z
  .object({
    entry: LogEntry,
    /** Captured bodies (already redacted), in pipeline order; empty when capture was off. */
    bodies: z.array(
      z.object({
        kind: z.enum(['client_request', 'upstream_request', 'upstream_response', 'client_response']),
        body: z.string(),
        truncated: z.boolean(),
      }),
    ),
    /**
     * Each upstream attempt in order (provider, account, model, status, gateway error code,
     * time; never a key or upstream text). Null for a request with no upstream call and for
     * rows logged before attempts were kept.
     */
    attemptList: z.array(LoggedAttempt).nullable().optional(),
    /** Attempts made beyond those listed (the list is bounded). */
    attemptsOmitted: z.number().int().nonnegative().optional(),
  })
  .nullable();
export type LogDetail = z.infer<typeof LogDetail>;

const filePath = z.string().min(1).max(4096);

export const BackupCreateInput = z.object({ path: filePath.optional() }).strict();
export const BackupCreated = z.object({ path: z.string(), bytes: z.number() });
export const BackupRestoreInput = z.object({ path: filePath }).strict();

export const ConfigExportInput = z
  .object({
    /** Where to write the export (absolute, must not exist); default the data dir's exports/. */
    path: filePath.optional(),
    /** Include the connections' keys, sealed with `passphrase`. */
    includeSecrets: z.boolean().optional(),
    passphrase: z.string().min(8).max(1024).optional(),
  })
  .strict()
  .refine((r) => !r.includeSecrets || r.passphrase !== undefined, {
    message: 'exporting keys needs a passphrase (at least 8 characters)',
    path: ['passphrase'],
  });
export type ConfigExportInput = z.infer<typeof ConfigExportInput>;
export const ConfigExported = z.object({ path: z.string(), bytes: z.number(), secretsIncluded: z.boolean(), document: configDocumentSchema });

export const ConfigImportInput = z
  .object({ path: filePath.optional(), document: z.unknown().optional(), passphrase: z.string().min(1).max(1024).optional() })
  .strict()
  .refine((r) => (r.path === undefined) !== (r.document === undefined), { message: 'give exactly one of `path` and `document`' });
export type ConfigImportInput = z.infer<typeof ConfigImportInput>;
export const ConfigImported = z.object({ providers: z.number(), connections: z.number(), settings: z.number(), combos: z.number(), aliases: z.number(), secrets: z.number() });
