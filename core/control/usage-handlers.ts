/**
 * Handlers of the usage analytics, request log, backup and export operations. Failures the
 * user can fix (a bad file, a wrong passphrase, a path in use) become invalid_input with
 * their own message; anything else stays an internal error whose details never leave.
 */
import { BackupRequestError, type BackupOperations } from '../backup/backup-operations.js';
import { ConfigImportError } from '../backup/import.js';
import { WrongPassphraseError } from '../backup/passphrase-cipher.js';
import type { AnalyticsGroup, AnalyticsRange } from '../store/analytics-query.js';
import { BackupFileError } from '../store/backup.js';
import type { Store } from '../store/index.js';
import type { RequestLogEntry } from '../store/request-log-entry.js';
import type { ControlInput, ControlOutput } from './contract.js';
import type { LogEntry } from './usage-contract.js';
import { requireDeps, userFacingRunner } from './user-facing.js';

export interface UsageControlDeps {
  store: Pick<Store, 'analytics' | 'logPages' | 'connections' | 'requestBodies'>;
  backups: BackupOperations;
}

type UsageMethod = 'usage.summary' | 'usage.timeseries' | 'logs.list' | 'logs.get' | 'backup.create' | 'backup.restore' | 'config.export' | 'config.import';
export type UsageHandlers = { [M in UsageMethod]: (input: ControlInput<M>) => Promise<ControlOutput<M>> };

/** `deps` absent: nothing is logged here, so analytics are empty and backups are refused. */
export function usageHandlers(deps: UsageControlDeps | undefined, userError: (message: string) => Error): UsageHandlers {
  const need = requireDeps(deps, userError, 'This gateway has no database attached, so it keeps no backups or exports.');
  const userFacing = userFacingRunner(userError, [BackupFileError, BackupRequestError, ConfigImportError, WrongPassphraseError]);

  return {
    async 'usage.summary'(input) {
      const empty = { from: input.from, to: input.to, groupBy: input.groupBy };
      if (deps === undefined) return { ...empty, groups: [], total: { ...zeroGroup(), label: null } };
      const { groups, total } = await deps.store.analytics.summary(rangeOf(input), input.groupBy);
      const labels = input.groupBy === 'account' ? await accountLabels(deps.store.connections) : new Map<string, string>();
      return {
        ...empty,
        groups: groups.map((g) => ({ ...g, label: g.key === null ? null : (labels.get(g.key) ?? null) })),
        total: { ...total, label: null },
      };
    },

    async 'usage.timeseries'(input) {
      if (deps === undefined) return { bucket: input.bucket, groups: [], points: [] };
      const points = await deps.store.analytics.timeseries(rangeOf(input), input.bucket, input.groupBy);
      // Every point lists the same groups in the same order, so the first names them all.
      const keys = points[0]?.byGroup.map((g) => g.key) ?? [];
      const labels = input.groupBy === 'account' ? await accountLabels(deps.store.connections) : new Map<string, string>();
      return { bucket: input.bucket, groups: keys.map((key) => ({ key, label: key === null ? null : (labels.get(key) ?? null) })), points };
    },

    async 'logs.list'(input) {
      if (deps === undefined) return { entries: [], next: null };
      const page = await deps.store.logPages.page({
        limit: input.limit,
        ...(input.before ? { before: input.before } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.provider ? { provider: input.provider } : {}),
        ...(input.model ? { model: input.model } : {}),
        ...(input.key ? { key: input.key } : {}),
        ...(input.account ? { account: input.account } : {}),
        ...(input.clientFormat ? { clientFormat: input.clientFormat } : {}),
        ...(input.from !== undefined ? { from: input.from } : {}),
        ...(input.to !== undefined ? { to: input.to } : {}),
      });
      return { entries: page.entries.map(toLogEntry), next: page.next };
    },

    async 'logs.get'(input) {
      if (deps === undefined) return null;
      const entry = await deps.store.logPages.get(input.id);
      if (entry === null) return null;
      return {
        entry: toLogEntry(entry),
        bodies: await deps.store.requestBodies.get(input.id),
        attemptList: entry.attemptList ? [...entry.attemptList] : null,
        attemptsOmitted: entry.attemptsOmitted ?? 0,
      };
    },

    'backup.create': (input) => userFacing(() => need().backups.create(input)),
    'backup.restore': (input) => userFacing(() => need().backups.restore(input)),
    'config.export': (input) => userFacing(() => need().backups.exportConfig(input)),
    'config.import': (input) => userFacing(() => need().backups.importConfig(input)),
  };
}

/** "<provider>/<label>" of each connection, by id. */
async function accountLabels(connections: UsageControlDeps['store']['connections']): Promise<Map<string, string>> {
  return new Map((await connections.list()).map((c) => [c.id, `${c.providerId}/${c.label}`]));
}

function rangeOf(input: { from: number; to: number; provider?: string; model?: string; key?: string; account?: string }): AnalyticsRange {
  return {
    from: input.from,
    to: input.to,
    ...(input.provider ? { provider: input.provider } : {}),
    ...(input.model ? { model: input.model } : {}),
    ...(input.key ? { key: input.key } : {}),
    ...(input.account ? { account: input.account } : {}),
  };
}

function toLogEntry(e: RequestLogEntry): LogEntry {
  return {
    id: e.id,
    ts: e.ts,
    clientFormat: e.clientFormat,
    requestedModel: e.requestedModel,
    providerId: e.providerId ?? null,
    connectionId: e.connectionId ?? null,
    upstreamModel: e.upstreamModel ?? null,
    upstreamFormat: e.upstreamFormat ?? null,
    stream: e.stream,
    status: e.status,
    latencyMs: e.latencyMs,
    ttftMs: e.ttftMs ?? null,
    inputTokens: e.inputTokens ?? null,
    outputTokens: e.outputTokens ?? null,
    cachedTokens: e.cachedTokens ?? null,
    cacheWriteTokens: e.cacheWriteTokens ?? null,
    reasoningTokens: e.reasoningTokens ?? null,
    costUsd: e.costUsd ?? null,
    usageEstimated: e.usageEstimated === true,
    keyLabel: e.keyLabel ?? null,
    errorCode: e.errorCode ?? null,
    attempts: e.attempts ?? 0,
    fallbacks: e.fallbacks ?? 0,
    warnings: e.warnings ?? [],
    endpoint: e.endpoint ?? null,
  };
}

function zeroGroup(): AnalyticsGroup {
  const tokens = { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
  return { key: null, requests: 0, successes: 0, successRate: 0, latencyP50: null, latencyP95: null, latencyP99: null, ttftP50: null, tokens, costUsd: 0, unknownCostRequests: 0 };
}
