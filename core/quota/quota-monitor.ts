import type { LearnedLimit } from '../routing/learned-limits.js';
import { headerWindows } from './header-windows.js';
import type { QuotaTracker, QuotaBlock } from './quota-tracker.js';
import type { ConnectionQuota, QuotaChanged, QuotaStatus, QuotaWindowStatus } from './quota-status.js';
import { nextLevel } from './thresholds.js';
import type { QuotaLevel } from './thresholds.js';
import type { EndpointReading } from './usage-poller.js';

export interface MonitoredConnection {
  connectionId: string;
  providerId: string;
  label: string;
  /** How the user knows the account, e.g. `OpenRouter account "work"`. */
  describe: string;
}

export interface QuotaMonitorOptions {
  /** The same accounts for the monitor's whole life: the gateway makes a new monitor when they change. */
  connections: () => readonly MonitoredConnection[];
  tracker: QuotaTracker;
  /** What rate-limit headers said, keyed `account:<connectionId>` (router.learnedLimits). */
  learnedLimits: () => ReadonlyArray<{ key: string } & LearnedLimit>;
  onChange(event: QuotaChanged): void;
  /**
   * Usage-endpoint levels as last reported, kept across restarts: an endpoint is first read
   * after a start, so without them a spent balance would be announced again on every start,
   * and one spent while the gateway was down would be taken as already known.
   */
  reportedLevels?: Readonly<Record<string, QuotaLevel>>;
  /** Called with every endpoint level whenever one changes, to be kept for the next start. */
  onReportedLevels?(levels: Record<string, QuotaLevel>): void;
}

/**
 * Every account's quota from the three sources, most trusted first: the provider's usage
 * endpoint, its rate-limit headers, the gateway's own counting. Answers routing's gate
 * (an endpoint or config window that is used up keeps the account out until it refills;
 * header windows already cool the account in the router) and reports threshold crossings.
 */
export interface QuotaMonitor {
  setReading(connectionId: string, reading: EndpointReading): void;
  windows(connectionId: string, now: number): QuotaWindowStatus[];
  status(now: number): QuotaStatus;
  blocked(connectionId: string, now: number): QuotaBlock | undefined;
  /** Compares each window with the level last seen and reports crossings (all accounts, or one). */
  check(now: number, connectionId?: string): void;
  /**
   * Takes the current levels as seen without reporting them (after a restart). Endpoint
   * windows are not read yet at start; they start from `reportedLevels`.
   */
  prime(now: number): void;
}

function endpointWindows(reading: EndpointReading, now: number): QuotaWindowStatus[] {
  return reading.windows.map((w) => {
    // After its reset the provider has refilled the window; the poller reads it again just after.
    const refilled = w.resetAt !== null && w.resetAt <= now;
    const remaining = refilled ? (w.limit ?? w.remaining) : w.remaining;
    const resetAt = refilled ? null : w.resetAt;
    return {
      window: w.window,
      source: 'endpoint',
      unit: w.unit,
      used: refilled && w.used !== null ? 0 : w.used,
      limit: w.limit,
      remaining,
      resetAt,
      resetInMs: resetAt !== null ? Math.max(0, resetAt - now) : null,
      exhausted: refilled ? false : w.exhausted,
      at: reading.at,
    };
  });
}

/** The block that lifts last (an unknown end lasts longest): every spent window must refill. */
function later(a: QuotaBlock | undefined, b: QuotaBlock | undefined): QuotaBlock | undefined {
  if (!a || !b) return a ?? b;
  if (a.until === undefined) return a;
  if (b.until === undefined) return b;
  return b.until > a.until ? b : a;
}

export function createQuotaMonitor(opts: QuotaMonitorOptions): QuotaMonitor {
  const readings = new Map<string, EndpointReading>();
  const levels = new Map<string, QuotaLevel>();
  const endpointLevels: Record<string, QuotaLevel> = { ...opts.reportedLevels };
  for (const [key, level] of Object.entries(endpointLevels)) levels.set(key, level);
  let index: Map<string, MonitoredConnection> | undefined;
  const byId = (id: string): MonitoredConnection | undefined => (index ??= new Map(opts.connections().map((c) => [c.connectionId, c]))).get(id);

  const windows = (connectionId: string, now: number): QuotaWindowStatus[] => {
    const reading = readings.get(connectionId);
    const learned = opts.learnedLimits().find((l) => l.key === `account:${connectionId}`);
    return [
      ...(reading ? endpointWindows(reading, now) : []),
      ...(learned ? headerWindows(learned, now) : []),
      ...opts.tracker.status(connectionId, now),
    ];
  };

  const endpointBlock = (c: MonitoredConnection, now: number): QuotaBlock | undefined => {
    const reading = readings.get(c.connectionId);
    let block: QuotaBlock | undefined;
    for (const w of reading ? endpointWindows(reading, now) : []) {
      if (!w.exhausted) continue;
      const what = w.limit === null ? 'has no balance left' : `has used its ${w.window} limit (${w.used ?? '?'} of ${w.limit} ${w.unit.toUpperCase()})`;
      block = later(block, { until: w.resetAt ?? undefined, message: `${c.describe} ${what}, as the provider reports` });
    }
    return block;
  };

  const check = (now: number, only: string | undefined, emit: boolean): void => {
    const one = only !== undefined ? byId(only) : undefined;
    for (const c of one ? [one] : only !== undefined ? [] : opts.connections()) {
      // Header windows are per-minute rate limits on most providers: too busy to notify
      // about, so only the endpoint's and the gateway's own windows are compared.
      const reading = readings.get(c.connectionId);
      const counted = [...(reading ? endpointWindows(reading, now) : []), ...opts.tracker.status(c.connectionId, now)];
      for (const w of counted) {
        const key = `${c.connectionId}\u0000${w.source}\u0000${w.window}`;
        // A balance has no limit: it is either spent (100) or not.
        const [used, limit] = w.limit !== null && w.used !== null ? [w.used, w.limit] : [w.exhausted ? 1 : 0, 1];
        const next = nextLevel(levels.get(key) ?? 0, used, limit);
        levels.set(key, next.level);
        if (w.source === 'endpoint' && endpointLevels[key] !== next.level) {
          endpointLevels[key] = next.level;
          opts.onReportedLevels?.({ ...endpointLevels });
        }
        if (!emit || next.event === undefined) continue;
        opts.onChange({
          connectionId: c.connectionId,
          providerId: c.providerId,
          label: c.label,
          window: w.window,
          source: w.source,
          used: w.used,
          limit: w.limit,
          remaining: w.remaining,
          resetAt: w.resetAt,
          level: next.event,
        });
      }
    }
  };

  return {
    setReading(connectionId, reading) {
      readings.set(connectionId, reading);
    },
    windows,
    status(now) {
      const connections: ConnectionQuota[] = opts.connections().map((c) => {
        const block = later(endpointBlock(c, now), opts.tracker.blocked(c.connectionId, now));
        return {
          connectionId: c.connectionId,
          providerId: c.providerId,
          label: c.label,
          windows: windows(c.connectionId, now),
          blocked: block ? { until: block.until ?? null, message: block.message } : null,
        };
      });
      return { connections };
    },
    blocked(connectionId, now) {
      const c = byId(connectionId);
      const fromEndpoint = c ? endpointBlock(c, now) : undefined;
      return later(fromEndpoint, opts.tracker.blocked(connectionId, now));
    },
    check: (now, connectionId) => check(now, connectionId, true),
    prime: (now) => check(now, undefined, false),
  };
}
