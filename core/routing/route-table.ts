import type { ProviderDescriptor } from '../providers/types.js';

/** A usable account at a provider, with its secret already read into memory. */
export interface RuntimeConnection {
  id: string;
  providerId: string;
  label: string;
  priority: number;
  enabled: boolean;
  baseUrl?: string;
  apiKey: string;
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
}

export function buildRouteTable(providers: readonly ProviderDescriptor[], connections: readonly RuntimeConnection[]): RouteTable {
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
  return { providers: byId, byPrefix, connections: grouped, modelOwners };
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
  return out;
}
