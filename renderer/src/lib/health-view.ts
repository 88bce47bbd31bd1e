/**
 * The Health page's model: routing state (breakers, cooldowns, refused keys, learned limits)
 * put under the provider and the account it belongs to. Pure; `now` comes from the page's
 * one clock, so a cooldown that ends while the page is open shows as ended without a reload.
 */
import { accountScopeKey, parseScopeKey, providerScopeKey } from './health-scope-key.js';
import type { RoutingStatus } from './views.js';

export type Breaker = RoutingStatus['breakers'][number];
export type Cooldown = RoutingStatus['cooldowns'][number];
export type KeyRejection = NonNullable<RoutingStatus['keyRejected']>[number];
export type LearnedLimit = RoutingStatus['limits'][number];

/** What routing holds about one scope (a provider or an account). */
export interface ScopeHealth {
  key: string;
  breaker: Breaker | null;
  cooldown: Cooldown | null;
  keyRejected: KeyRejection | null;
}

export type ScopeState =
  | { kind: 'key-rejected'; status: number; since: number }
  | { kind: 'breaker-open'; reopensAt: number }
  | { kind: 'breaker-half-open' }
  | { kind: 'cooling'; until: number; reason: string; strikes: number; probing: boolean }
  | { kind: 'healthy'; failures: number };

export interface AccountHealthRow {
  connectionId: string;
  label: string;
  enabled: boolean;
  scope: ScopeHealth;
  /** Models of this account cooling down by themselves (a per-model limit). */
  models: Array<{ model: string; cooldown: Cooldown }>;
  limit: LearnedLimit | null;
}

export interface ProviderHealthRow {
  id: string;
  name: string;
  scope: ScopeHealth;
  accounts: AccountHealthRow[];
}

export interface HealthView {
  providers: ProviderHealthRow[];
  /** State whose provider or account no longer exists: still shown, so it can be reset. */
  other: string[];
}

export interface HealthViewInput {
  providers: ReadonlyArray<{ id: string; name: string }>;
  connections: ReadonlyArray<{ id: string; provider: string; label: string; enabled: boolean }>;
  routing: RoutingStatus;
  now: number;
}

export function healthView({ providers, connections, routing, now }: HealthViewInput): HealthView {
  const breakers = new Map(routing.breakers.map((b) => [b.key, b]));
  const cooldowns = new Map(routing.cooldowns.filter((c) => c.until > now).map((c) => [c.key, c]));
  const rejected = new Map((routing.keyRejected ?? []).map((r) => [r.key, r]));
  const limits = new Map(routing.limits.map((l) => [l.key, l]));
  const scope = (key: string): ScopeHealth => ({
    key,
    breaker: breakers.get(key) ?? null,
    cooldown: cooldowns.get(key) ?? null,
    keyRejected: rejected.get(key) ?? null,
  });

  const modelCooldowns = new Map<string, Array<{ model: string; cooldown: Cooldown }>>();
  for (const c of cooldowns.values()) {
    const parsed = parseScopeKey(c.key);
    if (parsed.scope !== 'model') continue;
    const list = modelCooldowns.get(parsed.connectionId) ?? [];
    list.push({ model: parsed.model, cooldown: c });
    modelCooldowns.set(parsed.connectionId, list);
  }

  const names = new Map(providers.map((p) => [p.id, p.name]));
  // Every provider with an account, in the gateway's order, then providers known only from
  // their accounts; a provider without accounts has nothing to route and is left out.
  const order = [...providers.map((p) => p.id), ...connections.map((c) => c.provider)];
  const rows: ProviderHealthRow[] = [];
  const seen = new Set<string>();
  for (const id of order) {
    if (seen.has(id)) continue;
    seen.add(id);
    const accounts = connections
      .filter((c) => c.provider === id)
      .map(
        (c): AccountHealthRow => ({
          connectionId: c.id,
          label: c.label,
          enabled: c.enabled,
          scope: scope(accountScopeKey(c.id)),
          models: (modelCooldowns.get(c.id) ?? []).sort((a, b) => a.model.localeCompare(b.model)),
          limit: limits.get(accountScopeKey(c.id)) ?? null,
        }),
      );
    const own = scope(providerScopeKey(id));
    if (accounts.length === 0 && !hasState(own)) continue;
    rows.push({ id, name: names.get(id) ?? id, scope: own, accounts });
  }

  const shown = new Set<string>();
  for (const p of rows) {
    shown.add(p.scope.key);
    for (const a of p.accounts) {
      shown.add(a.scope.key);
      for (const m of a.models) shown.add(m.cooldown.key);
    }
  }
  const other = [...new Set([...breakers.keys(), ...cooldowns.keys(), ...rejected.keys()])].filter((k) => !shown.has(k)).sort();
  return { providers: rows, other };
}

/** The one state a scope is in, the one that keeps it out of routing longest first. */
export function scopeState(s: ScopeHealth, now: number): ScopeState {
  if (s.keyRejected) return { kind: 'key-rejected', status: s.keyRejected.status, since: s.keyRejected.since };
  const b = s.breaker;
  if (b && b.phase === 'open' && b.reopensAt !== undefined && b.reopensAt > now) return { kind: 'breaker-open', reopensAt: b.reopensAt };
  // An open breaker past its cool-off lets one trial through: half-open in all but name.
  if (b && (b.phase === 'half-open' || b.phase === 'open')) return { kind: 'breaker-half-open' };
  const c = s.cooldown;
  if (c && c.until > now) return { kind: 'cooling', until: c.until, reason: c.reason, strikes: c.strikes, probing: c.probing };
  return { kind: 'healthy', failures: b?.failures ?? 0 };
}

/** Whether routing holds anything about the scope a reset would clear. */
export function hasState(s: ScopeHealth): boolean {
  return s.breaker !== null || s.cooldown !== null || s.keyRejected !== null;
}

/** Whether a reset of the provider (its own state and all its accounts') would clear anything. */
export function providerHasState(p: ProviderHealthRow): boolean {
  return hasState(p.scope) || p.accounts.some(accountHasState);
}

export function accountHasState(a: AccountHealthRow): boolean {
  return hasState(a.scope) || a.models.length > 0;
}
