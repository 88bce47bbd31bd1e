/**
 * The provider catalogue (built-in and custom, with what a user needs to add an account),
 * custom providers edited at runtime, and model lists refreshed from the provider itself.
 */
import type { CatalogueEntry } from '../control/setup-contract.js';
import type { CustomProviderConfig } from '../config/schema.js';
import { customProviderSchema } from '../config/schema.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { ModelListResult } from '../providers/model-list-fetch.js';
import type { SettingsRepository } from '../store/index.js';
import { AdminRefusal } from './admin-refusal.js';
import { parseStoredCombo } from './stored-combo.js';
import { providerOf } from '../config/combo-members.js';
import { auditOf, fileOwned, type RoutingAdminDeps } from './routing-admin-context.js';

/** Where a refreshed model list is kept, per provider. */
export const MODELS_SETTING_PREFIX = 'models:';
export interface RefreshedModels {
  models: string[];
  refreshedAt: number;
}

export interface ProviderAdminDeps extends RoutingAdminDeps {
  settings: Pick<SettingsRepository, 'get' | 'set'>;
  /** The providers routing knows now (refreshed model lists applied), built-in first. */
  providers(): readonly ProviderDescriptor[];
  builtinIds: ReadonlySet<string>;
  disabledProviders(): readonly string[];
  /** Reads the list with the provider's first account that has a key; undefined when it has none. */
  listModels(providerId: string): Promise<ModelListResult | undefined>;
}

export interface ProviderAdmin {
  catalogue(): Promise<CatalogueEntry[]>;
  create(input: CustomProviderConfig, actor: string): Promise<CatalogueEntry>;
  update(input: Partial<CustomProviderConfig> & { id: string }, actor: string): Promise<CatalogueEntry>;
  remove(id: string, actor: string): Promise<void>;
  refreshModels(providerId: string, actor: string): Promise<RefreshedModels & { provider: string }>;
}

export function createProviderAdmin(deps: ProviderAdminDeps): ProviderAdmin {
  const { store } = deps;
  const audit = auditOf(deps);

  const catalogue = async (): Promise<CatalogueEntry[]> => {
    const custom = new Map((await store.providers.list()).map((p) => [p.id, p.source]));
    const connections = await store.connections.list();
    const disabled = new Set(deps.disabledProviders());
    const entries: CatalogueEntry[] = [];
    for (const p of deps.providers()) {
      const refreshed = await deps.settings.get<RefreshedModels>(MODELS_SETTING_PREFIX + p.id);
      const source = deps.builtinIds.has(p.id) ? 'builtin' : custom.get(p.id) === 'config' ? 'file' : 'user';
      entries.push({
        id: p.id,
        name: p.name,
        tier: p.tier,
        format: p.format,
        baseUrl: p.baseUrl,
        docsUrl: p.docsUrl ?? null,
        keyUrl: p.keyUrl ?? null,
        keyPrefix: p.keyPrefix ?? null,
        models: p.models.map((m) => ({ id: m.id, contextWindow: m.contextWindow ?? null })),
        modelsRefreshedAt: typeof refreshed?.refreshedAt === 'number' ? refreshed.refreshedAt : null,
        // A local server's list is read live (core/local): at start, at each detection and every minute.
        canRefreshModels: p.local === undefined && p.listsModels !== false,
        source,
        connectionCount: connections.filter((c) => c.providerId === p.id).length,
        disabled: disabled.has(p.id),
        local: p.local !== undefined,
      });
    }
    return entries;
  };
  const entry = async (id: string): Promise<CatalogueEntry> => {
    const found = (await catalogue()).find((e) => e.id === id);
    if (!found) throw new Error(`provider "${id}" missing from the catalogue after it was written`);
    return found;
  };
  const findCustom = async (id: string): Promise<CustomProviderConfig> => {
    if (deps.builtinIds.has(id)) throw new AdminRefusal(`"${id}" is a built-in provider; only custom providers can be changed or deleted.`);
    const row = (await store.providers.list()).find((p) => p.id === id);
    if (!row) throw new AdminRefusal(`There is no custom provider "${id}".`);
    if (row.source === 'config') throw fileOwned(`The provider "${id}"`, deps.configPath);
    const parsed = customProviderSchema.safeParse(row.descriptor);
    if (!parsed.success) throw new AdminRefusal(`The stored provider "${id}" is not valid any more; delete it and add it again.`);
    return parsed.data;
  };
  const accountsOf = async (id: string) => (await store.connections.list()).filter((c) => c.providerId === id);

  return {
    catalogue,

    async create(input, actor) {
      if (deps.builtinIds.has(input.id) || (await store.providers.list()).some((p) => p.id === input.id)) {
        throw new AdminRefusal(`A provider with the id "${input.id}" already exists. Pick another id.`);
      }
      await store.providers.upsert(input.id, input, 'user');
      await deps.reload();
      await audit(actor, 'providers.create', input.id, { format: input.format, baseUrl: input.baseUrl, models: input.models ?? [] });
      return entry(input.id);
    },

    async update(input, actor) {
      const current = await findCustom(input.id);
      const next = customProviderSchema.parse({ ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
      // Its accounts' keys were given for the old address: they are not sent to a new one.
      if (next.baseUrl !== current.baseUrl && (await accountsOf(input.id)).length > 0) {
        throw new AdminRefusal(`Changing the address of "${input.id}" would send its accounts' keys there: delete its accounts first, then add them again with their keys.`);
      }
      await store.providers.upsert(input.id, next, 'user');
      await deps.reload();
      const changed: Record<string, unknown> = {};
      for (const key of ['name', 'format', 'baseUrl', 'models'] as const) {
        if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) changed[key] = { from: current[key] ?? null, to: next[key] ?? null };
      }
      await audit(actor, 'providers.update', input.id, changed);
      return entry(input.id);
    },

    async remove(id, actor) {
      await findCustom(id);
      const accounts = await accountsOf(id);
      if (accounts.length > 0) throw new AdminRefusal(`The provider "${id}" still has ${accounts.length} account(s) (${accounts.map((a) => a.label).join(', ')}); delete them first.`);
      const users = (await store.combos.list()).filter((c) => parseStoredCombo(c)?.members.some((m) => providerOf(m.model) === id));
      if (users.length > 0) throw new AdminRefusal(`The provider "${id}" is used by the combo(s) ${users.map((c) => `"${c.name}"`).join(', ')}; remove it from them first.`);
      await store.providers.remove(id);
      await deps.settings.set(MODELS_SETTING_PREFIX + id, undefined);
      await deps.reload();
      await audit(actor, 'providers.delete', id, {});
    },

    async refreshModels(providerId, actor) {
      const provider = deps.providers().find((p) => p.id === providerId);
      if (!provider) throw new AdminRefusal(`There is no provider "${providerId}".`);
      if (provider.local) throw new AdminRefusal(`${provider.name}'s models are read from the server itself every minute; use "Detect again" to read them now.`);
      if (provider.listsModels === false) throw new AdminRefusal(`${provider.name} has no model list to read; its built-in list is the one in use.`);
      const listed = await deps.listModels(providerId);
      if (!listed) throw new AdminRefusal(`Add an account to "${providerId}" first: its model list is read with the account's key.`);
      if (!listed.ok) throw new AdminRefusal(`${providerId} did not give its model list${listed.status !== null ? ` (HTTP ${listed.status})` : ''}: ${listed.message}`);
      if (listed.models.length === 0) throw new AdminRefusal(`${providerId} listed no models; the list in use is kept.`);
      const refreshed: RefreshedModels = { models: listed.models, refreshedAt: deps.now() };
      await deps.settings.set(MODELS_SETTING_PREFIX + providerId, refreshed);
      await deps.reload();
      await audit(actor, 'models.refresh', providerId, { count: listed.models.length });
      return { provider: providerId, ...refreshed };
    },
  };
}
