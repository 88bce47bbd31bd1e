/**
 * What the gateway reads from its store to route: the providers (built-in, custom, with model
 * lists refreshed from the providers), every account with its key read from the secret store,
 * each account's billing and quota windows, and the combos and aliases. Read at start and at
 * every reload, never per request.
 */
import { customProviderSchema } from './config/index.js';
import { BUILTIN_PROVIDERS } from './providers/builtin.js';
import { customProvider } from './providers/custom.js';
import type { ProviderDescriptor } from './providers/types.js';
import { mayHaveNoKey } from './providers/keyless.js';
import type { RouteTable, RoutingInput, RuntimeConnection } from './routing/route-table.js';
import { parseStoredCombo } from './accounts/stored-combo.js';
import type { SecretStore } from './secrets/index.js';
import type { Store } from './store/index.js';
import type { KeyAddressBook } from './backup/key-addresses.js';
import { connectionAddress, providerAddresses } from './backup/moved-keys.js';
import { MODELS_SETTING_PREFIX, type RefreshedModels } from './accounts/provider-admin.js';
import { storedQuotaWindows } from './accounts/quota-windows.js';
import type { AccountTermsEntry } from './usage/accounting.js';
import { resolveProxies, type ProxyEnvironment } from './network/proxy-resolution.js';
import { readStoredProxies } from './network/proxy-settings.js';
import type { ParsedProxy } from './upstream/proxy-url.js';

export async function loadRuntime(
  store: Store,
  secrets: SecretStore,
  keyAddresses: KeyAddressBook,
  env: ProxyEnvironment = {},
): Promise<{ providers: ProviderDescriptor[]; connections: RuntimeConnection[]; noProxy: string }> {
  const providers: ProviderDescriptor[] = [...Object.values(BUILTIN_PROVIDERS)];
  const storedProviders = await store.providers.list();
  const urls = providerAddresses(storedProviders);
  const builtin = new Set(Object.keys(BUILTIN_PROVIDERS));
  const uses = new Map<string, string | null>();
  for (const row of storedProviders) {
    // Stored rows were validated when written; a row that no longer parses (an older or
    // hand-edited database) is skipped rather than trusted.
    const parsed = customProviderSchema.safeParse(row.descriptor);
    if (parsed.success) providers.push(customProvider(parsed.data));
    else process.emitWarning(`omniroute: ignoring stored custom provider "${row.id}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  for (const [i, p] of providers.entries()) providers[i] = await withRefreshedModels(store, p);
  const connections: RuntimeConnection[] = [];
  const keyless = new Set(providers.filter(mayHaveNoKey).map((p) => p.id));
  const onThisMachine = new Set(providers.filter((p) => p.local).map((p) => p.id));
  const proxies = await resolveProxies(await readStoredProxies(store), secrets, env);
  for (const row of await store.connections.list()) {
    // An account saved without a key (a local or custom server that takes none) sends no
    // credential header; one whose stored key is missing (imported without its secrets) is not
    // routable until the key is entered again.
    const apiKey = row.secretRef ? await secrets.get(row.secretRef) : keyless.has(row.providerId) ? '' : null;
    if (apiKey === null) continue;
    if (row.secretRef) uses.set(row.secretRef, connectionAddress(builtin, urls, row));
    connections.push({
      id: row.id,
      providerId: row.providerId,
      label: row.label,
      priority: row.priority,
      enabled: row.enabled,
      ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
      apiKey,
      ...withProxy(proxies.forConnection(row, onThisMachine.has(row.providerId))),
    });
  }
  // Remembered past this connection's life, so a restore cannot send its key elsewhere later.
  keyAddresses.record(uses);
  return { providers, connections, noProxy: proxies.noProxy };
}

function withProxy(proxy: ParsedProxy | undefined): { proxy?: ParsedProxy } {
  return proxy ? { proxy } : {};
}

/** Every account's billing and quota windows as stored. */
export async function readAccountTerms(store: Store): Promise<AccountTermsEntry[]> {
  const terms = await store.accountTerms.all();
  return (await store.connections.list()).flatMap((c) => {
    const t = terms.get(c.id);
    if (!t) return [];
    const quota = storedQuotaWindows(t.quota);
    return [{ provider: c.providerId, label: c.label, ...(t.billing ? { billing: t.billing } : {}), ...(quota ? { quota } : {}) }];
  });
}

/** The provider with the model list last read from its /models endpoint, when there is one. */
async function withRefreshedModels(store: Store, provider: ProviderDescriptor): Promise<ProviderDescriptor> {
  const refreshed = await store.settings.get<RefreshedModels>(MODELS_SETTING_PREFIX + provider.id);
  const ids = refreshed?.models;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string') || ids.length === 0) return provider;
  const known = new Map(provider.models.map((m) => [m.id, m]));
  const listed = new Set(ids);
  // A list read for chat (Gemini's leaves out what cannot generateContent) keeps the declared
  // embedding, image and audio models, which the service endpoints route to.
  const services = provider.models.filter((m) => (m.kind ?? 'chat') !== 'chat' && !listed.has(m.id));
  return { ...provider, models: [...ids.map((id) => known.get(id) ?? { id }), ...services] };
}

/** The combos, aliases and disabled providers the route table is built with, as stored. */
export async function loadRoutingInput(store: Store, disabledProviders: readonly string[]): Promise<RoutingInput> {
  return {
    combos: (await store.combos.list()).flatMap((row) => parseStoredCombo(row) ?? []),
    aliases: Object.fromEntries((await store.aliases.list()).map((a) => [a.from, a.to])),
    disabledProviders,
  };
}

/** A list from unchecked input; anything else is no list. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Cloud providers with an enabled account, and when their model list was last read (null: never). */
export async function modelListsDue(store: Store, table: RouteTable): Promise<Array<{ id: string; refreshedAt: number | null }>> {
  const due: Array<{ id: string; refreshedAt: number | null }> = [];
  for (const id of table.connections.keys()) {
    const provider = table.providers.get(id);
    if (!provider || provider.local || provider.listsModels === false) continue;
    const refreshed = await store.settings.get<RefreshedModels>(MODELS_SETTING_PREFIX + id);
    due.push({ id, refreshedAt: typeof refreshed?.refreshedAt === 'number' ? refreshed.refreshedAt : null });
  }
  return due;
}
