import type { GatewayConfig } from './config/index.js';
import type { SecretStore } from './secrets/index.js';
import type { Store } from './store/index.js';

/** Where a connection's key lives in the secret store. */
export function connectionSecretRef(providerId: string, label: string): string {
  return `connection:${providerId}:${label}`;
}

/**
 * Makes the store match the declarative config: its custom providers, connections, combos
 * and aliases are upserted as the file's (read-only in the app), keys go to the secret store
 * (never to SQLite), and the file's entries that an earlier version of the file declared but
 * this one does not are removed (connections with their keys). The user's entries stay.
 */
export async function syncConfig(opts: { config: GatewayConfig; store: Store; secrets: SecretStore }): Promise<void> {
  await syncConnections(opts);
  await syncProviders(opts);
  await syncCombos(opts);
  await syncAliases(opts);
}

async function syncConnections({ config, store, secrets }: { config: GatewayConfig; store: Store; secrets: SecretStore }): Promise<void> {
  const declared = new Set<string>();
  for (const c of config.connections ?? []) {
    declared.add(connectionSecretRef(c.provider, c.label));
    const ref = connectionSecretRef(c.provider, c.label);
    // A keyless account (a local or custom server) has no secret: none is left behind from before.
    if (c.apiKey !== undefined) await secrets.set(ref, c.apiKey);
    else await secrets.delete(ref);
    const secretRef = c.apiKey !== undefined ? ref : null;
    const row = await store.connections.upsert({
      providerId: c.provider,
      label: c.label,
      priority: c.priority ?? 100,
      enabled: c.enabled ?? true,
      baseUrl: c.baseUrl ?? null,
      secretRef,
      source: 'config',
    });
    await store.accountTerms.set(row.id, { billing: c.billing ?? null, quota: c.quota ?? null });
  }
  for (const row of await store.connections.list()) {
    const ref = connectionSecretRef(row.providerId, row.label);
    if (row.source !== 'config' || declared.has(ref)) continue;
    await store.connections.remove(row.id);
    await store.accountTerms.remove(row.id);
    if (row.secretRef) await secrets.delete(row.secretRef);
  }
}

async function syncProviders({ config, store }: { config: GatewayConfig; store: Store }): Promise<void> {
  const declared = new Set((config.providers ?? []).map((p) => p.id));
  for (const provider of config.providers ?? []) await store.providers.upsert(provider.id, provider, 'config');
  const inUse = new Set((await store.connections.list()).map((c) => c.providerId));
  for (const row of await store.providers.list()) {
    if (row.source !== 'config' || declared.has(row.id)) continue;
    // Accounts the user added to it would be left pointing nowhere: it becomes the user's instead.
    if (inUse.has(row.id)) await store.providers.upsert(row.id, row.descriptor, 'user');
    else await store.providers.remove(row.id);
  }
}

async function syncCombos({ config, store }: { config: GatewayConfig; store: Store }): Promise<void> {
  const declared = new Set(config.combos.map((c) => c.name));
  for (const combo of config.combos) {
    const { name, ...definition } = combo;
    await store.combos.upsert(name, definition, 'config');
  }
  for (const row of await store.combos.list()) {
    if (row.source === 'config' && !declared.has(row.name)) await store.combos.remove(row.name);
  }
}

async function syncAliases({ config, store }: { config: GatewayConfig; store: Store }): Promise<void> {
  for (const [from, to] of Object.entries(config.aliases)) await store.aliases.set(from, to, 'config');
  for (const row of await store.aliases.list()) {
    if (row.source === 'config' && !Object.hasOwn(config.aliases, row.from)) await store.aliases.remove(row.from);
  }
}
