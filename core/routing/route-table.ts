import type { ProviderDescriptor } from '../providers/types.js';
import type { ParsedProxy } from '../upstream/proxy-url.js';
import type { StrategyName } from '../config/index.js';

/** A named, ordered list of models that clients use as a model name. */
export interface ComboRoute {
  name: string;
  strategy: StrategyName;
  sticky?: number;
  members: Array<{ provider: ProviderDescriptor; model: string; connectionLabel?: string }>;
}

/** What the table is built from besides providers and connections. */
export interface RoutingInput {
  combos?: ReadonlyArray<{ name: string; strategy?: StrategyName; sticky?: number; enabled?: boolean; members: ReadonlyArray<{ model: string; connection?: string }> }>;
  aliases?: Readonly<Record<string, string>>;
  disabledProviders?: readonly string[];
}

/** A usable account at a provider, with its secret already read into memory. */
export interface RuntimeConnection {
  id: string;
  providerId: string;
  label: string;
  priority: number;
  enabled: boolean;
  baseUrl?: string;
  apiKey: string;
  /** The outbound proxy this account's calls take (core/network); absent = direct. */
  proxy?: ParsedProxy;
}

/**
 * An immutable in-memory snapshot of everything routing needs, rebuilt when configuration
 * changes, so that the request path never queries the database.
 */
export interface RouteTable {
  providers: ReadonlyMap<string, ProviderDescriptor>;
  byPrefix: ReadonlyMap<string, ProviderDescriptor>;
  /** Enabled connections per provider id, best priority (lowest number) first. */
  connections: ReadonlyMap<string, readonly RuntimeConnection[]>;
  /** Bare model id -> providers that declare it and have an enabled connection. */
  modelOwners: ReadonlyMap<string, readonly ProviderDescriptor[]>;
  /** Enabled combos by name. */
  combos: ReadonlyMap<string, ComboRoute>;
  /** Exact aliases, and wildcard ones as prefix pairs, longest first. */
  aliases: ReadonlyMap<string, string>;
  wildcardAliases: ReadonlyArray<{ from: string; to: string }>;
}

/** An enabled account by id (a scan: for rare work such as probes and key checks, not per request). */
export function findConnection(table: RouteTable, connectionId: string): RuntimeConnection | undefined {
  for (const list of table.connections.values()) {
    const found = list.find((c) => c.id === connectionId);
    if (found) return found;
  }
  return undefined;
}

export function buildRouteTable(
  allProviders: readonly ProviderDescriptor[],
  connections: readonly RuntimeConnection[],
  routing: RoutingInput = {},
): RouteTable {
  // A disabled provider is as if it were not there: not routable, not listed.
  const disabled = new Set(routing.disabledProviders ?? []);
  const providers = allProviders.filter((p) => !disabled.has(p.id));
  const byId = new Map(providers.map((p) => [p.id, p]));
  const byPrefix = new Map(providers.map((p) => [p.prefix, p]));
  const grouped = new Map<string, RuntimeConnection[]>();
  for (const c of connections) {
    if (!c.enabled || !byId.has(c.providerId)) continue;
    const list = grouped.get(c.providerId) ?? [];
    list.push(c);
    grouped.set(c.providerId, list);
  }
  for (const list of grouped.values()) list.sort((a, b) => a.priority - b.priority || a.label.localeCompare(b.label));
  const modelOwners = new Map<string, ProviderDescriptor[]>();
  for (const p of providers) {
    if (!grouped.has(p.id)) continue;
    for (const m of p.models) {
      const owners = modelOwners.get(m.id) ?? [];
      owners.push(p);
      modelOwners.set(m.id, owners);
    }
  }
  const combos = new Map<string, ComboRoute>();
  for (const c of routing.combos ?? []) {
    if (c.enabled === false) continue;
    const members: ComboRoute['members'] = [];
    for (const m of c.members) {
      const slash = m.model.indexOf('/');
      const provider = byPrefix.get(m.model.slice(0, slash));
      if (!provider) continue;
      members.push({ provider, model: m.model.slice(slash + 1), ...(m.connection ? { connectionLabel: m.connection } : {}) });
    }
    combos.set(c.name, { name: c.name, strategy: c.strategy ?? 'fill-first', ...(c.sticky ? { sticky: c.sticky } : {}), members });
  }
  const aliases = new Map<string, string>();
  const wildcardAliases: Array<{ from: string; to: string }> = [];
  for (const [from, to] of Object.entries(routing.aliases ?? {})) {
    if (from.endsWith('*')) wildcardAliases.push({ from: from.slice(0, -1), to: to.slice(0, -1) });
    else aliases.set(from, to);
  }
  wildcardAliases.sort((a, b) => b.from.length - a.from.length);
  return { providers: byId, byPrefix, connections: grouped, modelOwners, combos, aliases, wildcardAliases };
}

export interface ListedModel {
  id: string;
  ownedBy: string;
}

/** Every model a client can name: `<prefix>/<model>` for each provider with a connection. */
export function listModels(table: RouteTable): ListedModel[] {
  const out: ListedModel[] = [];
  for (const [providerId] of table.connections) {
    const provider = table.providers.get(providerId);
    if (!provider) continue;
    for (const m of provider.models) out.push({ id: `${provider.prefix}/${m.id}`, ownedBy: provider.id });
  }
  for (const name of table.combos.keys()) out.push({ id: name, ownedBy: 'combo' });
  return out;
}

/** Who a routing scope key (`provider:<id>`, `account:<connectionId>`) names, for health events. */
export function describeScope(table: RouteTable, key: string): { providerId: string; connectionId: string | null; label: string | null } | undefined {
  if (key.startsWith('provider:')) return { providerId: key.slice('provider:'.length), connectionId: null, label: null };
  if (!key.startsWith('account:')) return undefined;
  const found = findConnection(table, key.slice('account:'.length));
  return found ? { providerId: found.providerId, connectionId: found.id, label: found.label } : undefined;
}
