/**
 * The Quota page's list: every account, grouped by provider, with its windows from
 * quota.status. An account quota.status does not list still gets a row (with no windows), so
 * the page says "not reported" for it instead of leaving it out.
 */
import type { ConnectionQuota, QuotaStatus } from './views.js';

export interface QuotaAccount {
  connectionId: string;
  label: string;
  enabled: boolean;
  windows: ConnectionQuota['windows'];
  blocked: ConnectionQuota['blocked'];
}

export interface QuotaProviderGroup {
  providerId: string;
  providerName: string;
  accounts: QuotaAccount[];
}

export interface QuotaAccountsInput {
  quota: QuotaStatus;
  connections: ReadonlyArray<{ id: string; provider: string; label: string; enabled: boolean; priority: number }>;
  providers: ReadonlyArray<{ id: string; name: string }>;
}

export function quotaAccounts({ quota, connections, providers }: QuotaAccountsInput): QuotaProviderGroup[] {
  const byId = new Map(quota.connections.map((c) => [c.connectionId, c]));
  const names = new Map(providers.map((p) => [p.id, p.name]));
  const groups = new Map<string, QuotaProviderGroup>();
  const group = (providerId: string): QuotaProviderGroup => {
    let g = groups.get(providerId);
    if (!g) {
      g = { providerId, providerName: names.get(providerId) ?? providerId, accounts: [] };
      groups.set(providerId, g);
    }
    return g;
  };
  // Routing order within a provider: lower priority first, as the Providers page lists them.
  const ordered = [...connections].sort((a, b) => a.priority - b.priority);
  for (const c of ordered) {
    const q = byId.get(c.id);
    group(c.provider).accounts.push({ connectionId: c.id, label: c.label, enabled: c.enabled, windows: q?.windows ?? [], blocked: q?.blocked ?? null });
    byId.delete(c.id);
  }
  // Quota for an account the list does not (yet) have: shown rather than dropped.
  for (const q of byId.values()) {
    group(q.providerId).accounts.push({ connectionId: q.connectionId, label: q.label, enabled: true, windows: q.windows, blocked: q.blocked });
  }
  // Providers in the gateway's order, then any others by id.
  const order = new Map(providers.map((p, i) => [p.id, i]));
  return [...groups.values()].sort(
    (a, b) => (order.get(a.providerId) ?? Infinity) - (order.get(b.providerId) ?? Infinity) || a.providerId.localeCompare(b.providerId),
  );
}
