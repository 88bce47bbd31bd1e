import type { GatewayConfig } from './config/index.js';
import type { SecretStore } from './secrets/index.js';
import type { Store } from './store/index.js';

/** Where a connection's key lives in the secret store. */
export function connectionSecretRef(providerId: string, label: string): string {
  return `connection:${providerId}:${label}`;
}

/**
 * Makes the store match the declarative config: custom providers and connections from the
 * file are upserted, keys go to the secret store (never to SQLite), and connections that
 * an earlier version of the file declared but this one does not are removed with their keys.
 */
export async function syncConfig(opts: { config: GatewayConfig; store: Store; secrets: SecretStore }): Promise<void> {
  const { config, store, secrets } = opts;
  for (const provider of config.providers ?? []) await store.providers.upsert(provider.id, provider);
  const declared = new Set<string>();
  for (const c of config.connections ?? []) {
    declared.add(connectionSecretRef(c.provider, c.label));
    const secretRef = connectionSecretRef(c.provider, c.label);
    await secrets.set(secretRef, c.apiKey);
    await store.connections.upsert({
      providerId: c.provider,
      label: c.label,
      priority: c.priority ?? 100,
      enabled: c.enabled ?? true,
      baseUrl: c.baseUrl ?? null,
      secretRef,
      source: 'config',
    });
  }
  for (const row of await store.connections.list()) {
    const ref = connectionSecretRef(row.providerId, row.label);
    if (row.source !== 'config' || declared.has(ref)) continue;
    await store.connections.remove(row.id);
    if (row.secretRef) await secrets.delete(row.secretRef);
  }
}
