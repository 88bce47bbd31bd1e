import type { QuotaWindowConfig } from '../config/usage-schema.js';
import { windowName } from './calendar-period.js';
import type { QuotaWindowStatus } from './quota-status.js';
import { amountOf } from './usage-amount.js';
import type { UsageSample } from './usage-amount.js';
import { createWindowCounter } from './window-counter.js';
import type { WindowCounter } from './window-counter.js';

/** An account the gateway counts for, and how the user knows it ("OpenRouter account "work""). */
export interface TrackedConnection {
  connectionId: string;
  describe: string;
  windows: readonly QuotaWindowConfig[];
}

export interface QuotaBlock {
  /** When the exhausted window (the latest, if several) lets requests through again. */
  until: number | undefined;
  message: string;
}

/**
 * The gateway's own counting: each finished request's usage per account, against the
 * windows the config gives that account.
 */
export interface QuotaTracker {
  record(connectionId: string, sample: UsageSample): void;
  /** The time from which the request log must be read back so every window is whole at `now`. */
  restoreSince(connectionId: string, now: number): number | undefined;
  status(connectionId: string, now: number): QuotaWindowStatus[];
  blocked(connectionId: string, now: number): QuotaBlock | undefined;
  connectionIds(): string[];
}

const UNIT_NAMES: Record<QuotaWindowConfig['unit'], string> = { tokens: 'tokens', requests: 'requests', usd: 'USD' };

function describeWindow(config: QuotaWindowConfig): string {
  switch (config.kind) {
    case 'rolling':
      return `${config.hours}-hour rolling`;
    case 'fixed':
      return `${config.hours}-hour`;
    default:
      return config.kind;
  }
}

export function createQuotaTracker(connections: readonly TrackedConnection[]): QuotaTracker {
  const tracked = new Map<string, { describe: string; counters: WindowCounter[] }>();
  for (const c of connections) {
    if (c.windows.length > 0) tracked.set(c.connectionId, { describe: c.describe, counters: c.windows.map(createWindowCounter) });
  }
  return {
    record(connectionId, sample) {
      for (const counter of tracked.get(connectionId)?.counters ?? []) counter.add(sample.ts, amountOf(sample, counter.config.unit));
    },
    restoreSince(connectionId, now) {
      const counters = tracked.get(connectionId)?.counters;
      if (!counters) return undefined;
      return Math.min(...counters.map((c) => c.since(now)));
    },
    status(connectionId, now) {
      return (tracked.get(connectionId)?.counters ?? []).map((counter) => {
        const r = counter.read(now);
        return {
          window: windowName(counter.config),
          source: 'config' as const,
          unit: counter.config.unit,
          used: r.used,
          limit: r.limit,
          remaining: r.remaining,
          resetAt: r.resetAt ?? null,
          resetInMs: r.resetAt !== undefined ? Math.max(0, r.resetAt - now) : null,
          exhausted: r.exhausted,
        };
      });
    },
    blocked(connectionId, now) {
      const entry = tracked.get(connectionId);
      if (!entry) return undefined;
      let block: QuotaBlock | undefined;
      for (const counter of entry.counters) {
        if (counter.used(now) < counter.config.limit) continue;
        const r = counter.read(now);
        if (block && (block.until === undefined || (r.resetAt !== undefined && r.resetAt <= block.until))) continue;
        const amount = `${formatAmount(r.used)} of ${formatAmount(r.limit)} ${UNIT_NAMES[counter.config.unit]}`;
        block = { until: r.resetAt, message: `${entry.describe} has used its ${describeWindow(counter.config)} quota (${amount})` };
      }
      return block;
    },
    connectionIds: () => [...tracked.keys()],
  };
}

function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
