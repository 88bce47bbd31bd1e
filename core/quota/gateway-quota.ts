import type { ParsedProxy } from '../upstream/proxy-url.js';
import type { ConnectionConfig } from '../config/index.js';
import type { RequestRecord } from '../pipeline/request-record.js';
import type { ProviderDescriptor } from '../providers/types.js';
import { authHeaders } from '../upstream/target.js';
import type { LearnedLimit } from '../routing/learned-limits.js';
import type { RouteBlock, RouteGate } from '../routing/router.js';
import type { RouteTable } from '../routing/route-table.js';
import type { QuotaUsageQuery } from '../store/quota-usage-query.js';
import { createQuotaMonitor } from './quota-monitor.js';
import type { MonitoredConnection } from './quota-monitor.js';
import type { QuotaChanged, QuotaStatus } from './quota-status.js';
import { createQuotaTracker } from './quota-tracker.js';
import type { QuotaLevel } from './thresholds.js';
import { fetchUsageJson } from './usage-fetch.js';
import { createUsagePoller } from './usage-poller.js';
import type { PollTarget, UsagePollerOptions } from './usage-poller.js';

/** How often levels are compared when no request comes by (a window refilling on its own). */
const CHECK_INTERVAL_MS = 30_000;

export interface GatewayQuota {
  gate: RouteGate;
  /** Counts a finished request and reports any threshold it crossed. */
  record(record: RequestRecord): void;
  status(): QuotaStatus;
  start(): void;
  stop(): void;
  /** Reads every usage endpoint now (tests; the dashboard's refresh). */
  poll(): Promise<number>;
}

export interface GatewayQuotaOptions {
  table: () => RouteTable;
  /** Each account's own quota windows (the file's or the app's), by provider and label. */
  configConnections: ReadonlyArray<Pick<ConnectionConfig, 'provider' | 'label'> & { quota?: ConnectionConfig['quota'] | undefined }>;
  usage: QuotaUsageQuery;
  now: () => number;
  learnedLimits: () => ReadonlyArray<{ key: string } & LearnedLimit>;
  onChange(event: QuotaChanged): void;
  /** Where usage-endpoint levels are kept between starts (the settings table). */
  levels?: { load(): Promise<Record<string, QuotaLevel> | undefined>; save(levels: Record<string, QuotaLevel>): Promise<void> };
  /** Injected in tests; the real ones GET over HTTP on unref'd timers. */
  fetchJson?: UsagePollerOptions['fetchJson'];
}

/**
 * Quota as the gateway runs it: windows counted per account (restored from the request log
 * at start), usage endpoints polled for accounts of providers that declare one, a routing gate,
 * and threshold events.
 */
export async function createGatewayQuota(opts: GatewayQuotaOptions): Promise<GatewayQuota> {
  const table = opts.table();
  const accounts: Array<MonitoredConnection & { provider: ProviderDescriptor; baseUrl?: string; apiKey: string; proxy?: ParsedProxy }> = [];
  for (const [providerId, list] of table.connections) {
    const provider = table.providers.get(providerId);
    if (!provider) continue;
    for (const c of list) {
      accounts.push({
        connectionId: c.id,
        providerId,
        label: c.label,
        describe: `${provider.name} account "${c.label}"`,
        provider,
        ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        apiKey: c.apiKey,
        ...(c.proxy ? { proxy: c.proxy } : {}),
      });
    }
  }
  const configured = new Map(opts.configConnections.map((c) => [`${c.provider}\u0000${c.label}`, c.quota]));
  const tracker = createQuotaTracker(
    accounts.map((a) => ({
      connectionId: a.connectionId,
      describe: a.describe,
      windows: configured.get(`${a.providerId}\u0000${a.label}`) ?? a.provider.quota?.windows ?? [],
    })),
  );
  // Read once per account at start, never per request.
  const startedAt = opts.now();
  for (const id of tracker.connectionIds()) {
    const since = tracker.restoreSince(id, startedAt);
    if (since === undefined) continue;
    for (const row of await opts.usage.since(id, since)) tracker.record(id, row);
  }
  const reportedLevels = (await opts.levels?.load().catch(() => undefined)) ?? {};
  const monitor = createQuotaMonitor({
    connections: () => accounts,
    tracker,
    learnedLimits: opts.learnedLimits,
    onChange: opts.onChange,
    reportedLevels,
    // Kept for the next start; a failed write only means a level may be announced again.
    onReportedLevels: (levels) => void opts.levels?.save(levels).catch(() => undefined),
  });

  const targets: PollTarget[] = accounts.flatMap((a) => {
    const endpoint = a.provider.quota?.usageEndpoint;
    if (!endpoint) return [];
    const url = new URL(endpoint.path, a.baseUrl ?? a.provider.baseUrl).href;
    return [{ connectionId: a.connectionId, url, headers: authHeaders(a.provider.auth, a.apiKey), reader: endpoint.reader, ...(a.proxy ? { proxy: a.proxy } : {}) }];
  });
  const poller = createUsagePoller({
    targets: () => targets,
    // Without an injected fetch (tests), calls go direct.
    fetchJson: opts.fetchJson ?? ((url, headers, signal) => fetchUsageJson(url, headers, signal)),
    now: opts.now,
    setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    onReading: (connectionId, reading) => {
      monitor.setReading(connectionId, reading);
      monitor.check(opts.now(), connectionId);
    },
  });
  let checker: NodeJS.Timeout | undefined;

  return {
    gate: (target, now): RouteBlock | undefined => {
      const block = monitor.blocked(target.connection.id, now);
      return block ? { message: block.message, ...(block.until !== undefined ? { until: block.until } : {}) } : undefined;
    },
    record(record) {
      // A token count is not a generation: quota windows count what the account generated.
      if (!record.connectionId || record.endpoint === 'count_tokens') return;
      tracker.record(record.connectionId, {
        ts: record.ts,
        status: record.status,
        inputTokens: record.usage?.inputTokens,
        outputTokens: record.usage?.outputTokens,
        costUsd: record.costUsd,
      });
      monitor.check(opts.now(), record.connectionId);
    },
    status: () => monitor.status(opts.now()),
    start() {
      // Levels already reached before this start were reported by the run that reached them.
      monitor.prime(opts.now());
      poller.start();
      checker ??= setInterval(() => monitor.check(opts.now()), CHECK_INTERVAL_MS).unref();
    },
    stop() {
      poller.stop();
      if (checker) clearInterval(checker);
      checker = undefined;
    },
    poll: () => poller.pollNow(),
  };
}
