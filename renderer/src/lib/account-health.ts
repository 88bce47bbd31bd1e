/**
 * What an account's row says about it, from the routing and quota views. Routing keys are
 * `account:<connectionId>` (the whole account) and `model:<connectionId>:<model>` (one model
 * of it); see core/routing/cooldowns.ts.
 */
import type { ConnectionQuota, QuotaStatus, QuotaWindowStatus } from './views.js';
import type { RoutingStatus } from './views.js';

export type AccountHealth =
  | { kind: 'disabled' }
  | { kind: 'key-rejected'; status: number; since: number }
  | { kind: 'quota-spent'; window: string; until: number | null }
  | { kind: 'breaker-open'; until: number | null }
  | { kind: 'cooling'; until: number; reason: string }
  | { kind: 'healthy'; coolingModels: string[] };

export interface HealthInput {
  connection: { id: string; enabled: boolean };
  routing: RoutingStatus | undefined;
  quota: QuotaStatus | undefined;
  now: number;
}

export const accountKey = (id: string) => `account:${id}`;

export function accountHealth({ connection, routing, quota, now }: HealthInput): AccountHealth {
  if (!connection.enabled) return { kind: 'disabled' };
  const key = accountKey(connection.id);

  const rejected = routing?.keyRejected?.find((r) => r.key === key);
  if (rejected) return { kind: 'key-rejected', status: rejected.status, since: rejected.since };

  const q = quotaOf(quota, connection.id);
  const spent = q?.windows.find((w) => w.exhausted);
  if (q?.blocked || spent) {
    return { kind: 'quota-spent', window: spent?.window ?? '', until: q?.blocked?.until ?? spent?.resetAt ?? null };
  }

  const breaker = routing?.breakers.find((b) => b.key === key);
  if (breaker && breaker.phase === 'open') return { kind: 'breaker-open', until: breaker.reopensAt ?? null };

  const cooling = routing?.cooldowns.find((c) => c.key === key && c.until > now);
  if (cooling) return { kind: 'cooling', until: cooling.until, reason: cooling.reason };

  const prefix = `model:${connection.id}:`;
  const coolingModels = (routing?.cooldowns ?? [])
    .filter((c) => c.key.startsWith(prefix) && c.until > now)
    .map((c) => c.key.slice(prefix.length));
  return { kind: 'healthy', coolingModels };
}

export function quotaOf(quota: QuotaStatus | undefined, connectionId: string): ConnectionQuota | undefined {
  return quota?.connections.find((c) => c.connectionId === connectionId);
}

/** Whether a model of an account is out of routing by itself (the account may be fine). */
export function modelCooling(routing: RoutingStatus | undefined, connectionId: string, model: string, now: number): boolean {
  const key = `model:${connectionId}:${model}`;
  return (routing?.cooldowns ?? []).some((c) => c.key === key && c.until > now);
}

/** The window with the smallest share left, for a one-line "x % left" summary. */
export function tightestWindow(windows: readonly QuotaWindowStatus[]): { window: QuotaWindowStatus; fraction: number | null } | null {
  let best: { window: QuotaWindowStatus; fraction: number | null } | null = null;
  for (const w of windows) {
    const fraction = w.limit && w.limit > 0 ? Math.max(0, Math.min(1, w.remaining / w.limit)) : null;
    if (w.exhausted) return { window: w, fraction: 0 };
    if (!best || (fraction !== null && (best.fraction === null || fraction < best.fraction))) best = { window: w, fraction };
  }
  return best;
}

/** Healthy accounts rank first, so a combo member shows the best state any of its accounts offers. */
export const HEALTH_RANK: Record<AccountHealth['kind'], number> = {
  healthy: 0,
  cooling: 1,
  'breaker-open': 2,
  'quota-spent': 3,
  'key-rejected': 4,
  disabled: 5,
};
