/**
 * Turns the routing state's breakers and key rejections into transitions the desktop app
 * notifies about: a provider's or account's breaker opened or closed, an account's key
 * refused or usable again. The state only says "something changed"; this diffs what it
 * holds now against what it held before, once per tick however many changes a burst made.
 */
import type { RoutingState } from './routing-state.js';

export type HealthEventKind = 'breaker-opened' | 'breaker-closed' | 'key-rejected' | 'key-restored';

/** Pushed as the `health.changed` control event. */
export interface HealthChanged {
  event: HealthEventKind;
  scope: 'provider' | 'account';
  providerId: string;
  /** Set for an account; null for a provider-wide breaker. */
  connectionId: string | null;
  /** The account's label; null for a provider-wide breaker. */
  label: string | null;
  at: number;
  /** breaker-opened: when it lets its first trial through. */
  reopensAt: number | null;
  /** key-rejected: the upstream status that refused the key. */
  status: number | null;
}

/** What matters of the routing state: keys whose breaker is not closed, keys whose key is refused. */
export interface HealthSnapshot {
  openBreakers: ReadonlyMap<string, number | null>;
  rejectedKeys: ReadonlyMap<string, number>;
}

export const EMPTY_HEALTH: HealthSnapshot = { openBreakers: new Map(), rejectedKeys: new Map() };

export function healthSnapshot(state: Pick<RoutingState, 'breakers' | 'keyRejections'>): HealthSnapshot {
  const openBreakers = new Map<string, number | null>();
  // Half-open still holds traffic back (one trial at a time): it is not "closed again" yet.
  for (const b of state.breakers()) if (b.phase !== 'closed') openBreakers.set(b.key, b.reopensAt ?? null);
  const rejectedKeys = new Map<string, number>();
  for (const r of state.keyRejections()) rejectedKeys.set(r.key, r.status);
  return { openBreakers, rejectedKeys };
}

/** Who a scope key (`provider:<id>`, `account:<connectionId>`) is, or undefined when it is gone. */
export type DescribeScope = (key: string) => { providerId: string; connectionId: string | null; label: string | null } | undefined;

export function healthTransitions(before: HealthSnapshot, after: HealthSnapshot, describe: DescribeScope, at: number): HealthChanged[] {
  const out: HealthChanged[] = [];
  const push = (event: HealthEventKind, key: string, extra: { reopensAt?: number | null; status?: number | null }) => {
    const who = describe(key);
    if (!who) return;
    const scope = key.startsWith('provider:') ? 'provider' : 'account';
    out.push({ event, scope, ...who, at, reopensAt: extra.reopensAt ?? null, status: extra.status ?? null });
  };
  for (const [key, reopensAt] of after.openBreakers) if (!before.openBreakers.has(key)) push('breaker-opened', key, { reopensAt });
  for (const key of before.openBreakers.keys()) if (!after.openBreakers.has(key)) push('breaker-closed', key, {});
  for (const [key, status] of after.rejectedKeys) if (!before.rejectedKeys.has(key)) push('key-rejected', key, { status });
  for (const key of before.rejectedKeys.keys()) if (!after.rejectedKeys.has(key)) push('key-restored', key, {});
  return out;
}

/**
 * Emits the transitions as they happen. Changes within one tick are diffed once, so a
 * request that fails over five accounts costs one comparison, not five.
 */
export function watchRoutingHealth(
  state: Pick<RoutingState, 'breakers' | 'keyRejections' | 'onChange'>,
  describe: DescribeScope,
  emit: (event: HealthChanged) => void,
  now: () => number,
): () => void {
  let last = healthSnapshot(state);
  let scheduled = false;
  const diff = () => {
    scheduled = false;
    const next = healthSnapshot(state);
    const events = healthTransitions(last, next, describe, now());
    last = next;
    for (const event of events) emit(event);
  };
  return state.onChange(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(diff);
  });
}
