/**
 * Accounts (connections) edited at runtime through the control API: create, update, delete,
 * each applied to routing at once by a reload (requests in flight keep the route table they
 * started with) and written to the audit log. Keys go to the secret store only; the database
 * and the audit log hold the ref and the fact that a key was set, never the key.
 *
 * Entries the config file declares are the file's: changing them here would be undone at the
 * next start, so they are refused with the file's path.
 */
import { connectionSecretRef } from '../config-sync.js';
import { mayHaveNoKey } from '../providers/keyless.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { SecretStore } from '../secrets/index.js';
import type { ConnectionRow, Store } from '../store/index.js';

import { AdminRefusal } from './admin-refusal.js';
import type { BillingKind, QuotaWindowConfig } from '../config/usage-schema.js';
import { storedQuotaWindows } from './quota-windows.js';

export interface ConnectionView {
  id: string;
  provider: string;
  label: string;
  priority: number;
  enabled: boolean;
  baseUrl: string | null;
  /** Whether the secret store holds a key for it (the key itself is never shown). */
  hasKey: boolean;
  billing: BillingKind;
  quota: QuotaWindowConfig[] | null;
  /** "file": declared in the config file, read-only here. */
  source: 'file' | 'user';
  createdAt: number;
  updatedAt: number;
}

// Optional fields may be present as undefined: the control contract's parsed inputs pass straight in.
export interface ConnectionCreate {
  provider: string;
  label: string;
  /** Empty or absent only where the provider may have none (providers/keyless.ts). */
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  priority?: number | undefined;
  enabled?: boolean | undefined;
  billing?: BillingKind | undefined;
  quota?: QuotaWindowConfig[] | undefined;
}

export interface ConnectionUpdate {
  id: string;
  label?: string | undefined;
  priority?: number | undefined;
  enabled?: boolean | undefined;
  /** null: back to the provider's own address. */
  baseUrl?: string | null | undefined;
  apiKey?: string | undefined;
  billing?: BillingKind | undefined;
  /** null: back to the provider's own windows. */
  quota?: QuotaWindowConfig[] | null | undefined;
}

export interface ConnectionAdminDeps {
  store: Pick<Store, 'connections' | 'audit' | 'accountTerms'>;
  secrets: SecretStore;
  /** A provider by id (built-in or custom); undefined when there is none. */
  findProvider(id: string): Pick<ProviderDescriptor, 'name' | 'local' | 'tier'> | undefined;
  /** Rebuilds the route table from the store; the change takes effect for the next request. */
  reload(): Promise<void>;
  now(): number;
  /** The config file whose entries are read-only here, for the message. */
  configPath?: string | undefined;
}

export interface ConnectionAdmin {
  list(): Promise<ConnectionView[]>;
  create(input: ConnectionCreate, actor: string): Promise<ConnectionView>;
  update(input: ConnectionUpdate, actor: string): Promise<ConnectionView>;
  remove(id: string, actor: string): Promise<void>;
}

export function createConnectionAdmin(deps: ConnectionAdminDeps): ConnectionAdmin {
  const { store, secrets } = deps;

  const termsOf = async (id: string): Promise<{ billing: BillingKind; quota: QuotaWindowConfig[] | null }> => {
    const t = (await store.accountTerms.all()).get(id);
    return { billing: t?.billing ?? 'metered', quota: storedQuotaWindows(t?.quota) };
  };
  const view = async (row: ConnectionRow): Promise<ConnectionView> => ({
    ...(await termsOf(row.id)),
    id: row.id,
    provider: row.providerId,
    label: row.label,
    priority: row.priority,
    enabled: row.enabled,
    baseUrl: row.baseUrl,
    hasKey: row.secretRef !== null && (await secrets.get(row.secretRef)) !== null,
    source: row.source === 'config' ? 'file' : 'user',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  const find = async (id: string): Promise<ConnectionRow> => {
    const row = (await store.connections.list()).find((c) => c.id === id);
    if (!row) throw new AdminRefusal(`No connection has the id "${id}".`);
    if (row.source === 'config') {
      throw new AdminRefusal(
        `The connection "${row.providerId}/${row.label}" is declared in the config file${deps.configPath ? ` ${deps.configPath}` : ''}; change it there (a change made here would be undone at the next start).`,
      );
    }
    return row;
  };

  const taken = async (provider: string, label: string, except?: string): Promise<boolean> =>
    (await store.connections.list()).some((c) => c.providerId === provider && c.label === label && c.id !== except);

  const audit = (actor: string, action: string, target: string, detail: Record<string, unknown>) =>
    store.audit.append({ ts: deps.now(), actor, action, target, detail });

  return {
    async list() {
      return Promise.all((await store.connections.list()).map(view));
    },

    async create(input, actor) {
      const provider = deps.findProvider(input.provider);
      if (!provider) throw new AdminRefusal(`There is no provider "${input.provider}". Pick one from the catalogue, or add a custom provider first.`);
      if (await taken(input.provider, input.label)) throw new AdminRefusal(`The provider "${input.provider}" already has a connection labelled "${input.label}". Pick another label.`);
      const key = input.apiKey === '' ? undefined : input.apiKey;
      if (key === undefined && !mayHaveNoKey(provider)) throw new AdminRefusal(`${provider.name} needs an API key: paste the key for this account.`);
      const secretRef = key === undefined ? null : connectionSecretRef(input.provider, input.label);
      // The key first: a row never points at a key that is not there.
      if (secretRef !== null && key !== undefined) await secrets.set(secretRef, key);
      const row = await store.connections.upsert({
        providerId: input.provider,
        label: input.label,
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        baseUrl: input.baseUrl ?? null,
        secretRef,
        source: 'user',
      });
      await store.accountTerms.set(row.id, { billing: input.billing ?? null, quota: input.quota ?? null });
      await deps.reload();
      await audit(actor, 'connections.create', `${row.providerId}/${row.label}`, {
        id: row.id,
        priority: row.priority,
        enabled: row.enabled,
        baseUrl: row.baseUrl,
        keySet: secretRef !== null,
        ...(input.billing ? { billing: input.billing } : {}),
        ...(input.quota ? { quota: input.quota } : {}),
      });
      return view(row);
    },

    async update(input, actor) {
      const row = await find(input.id);
      const label = input.label ?? row.label;
      if (label !== row.label && (await taken(row.providerId, label, row.id))) {
        throw new AdminRefusal(`The provider "${row.providerId}" already has a connection labelled "${label}". Pick another label.`);
      }
      const baseUrl = input.baseUrl === undefined ? row.baseUrl : input.baseUrl;
      // The stored key was given for the old address; it goes to a new one only with the key re-entered.
      const hasKey = row.secretRef !== null && (await secrets.get(row.secretRef)) !== null;
      if (baseUrl !== row.baseUrl && input.apiKey === undefined && hasKey) {
        throw new AdminRefusal(`Changing the address of "${row.providerId}/${row.label}" would send its stored key there: enter the key again with the new address.`);
      }
      const secretRef = connectionSecretRef(row.providerId, label);
      const key = input.apiKey ?? (row.secretRef ? await secrets.get(row.secretRef) : null);
      if (key !== null) await secrets.set(secretRef, key);
      if (label !== row.label) await store.connections.relabel(row.id, label, key !== null ? secretRef : null);
      const updated = await store.connections.upsert({
        providerId: row.providerId,
        label,
        priority: input.priority ?? row.priority,
        enabled: input.enabled ?? row.enabled,
        baseUrl,
        secretRef: key !== null ? secretRef : null,
        source: 'user',
      });
      // The key moved with the label; the old name holds nothing any more.
      if (row.secretRef && row.secretRef !== secretRef) await secrets.delete(row.secretRef);
      const terms = await termsOf(row.id);
      const nextTerms = { billing: input.billing ?? terms.billing, quota: input.quota === undefined ? terms.quota : input.quota };
      await store.accountTerms.set(row.id, { billing: nextTerms.billing === 'metered' ? null : nextTerms.billing, quota: nextTerms.quota });
      await deps.reload();
      const changed: Record<string, unknown> = {};
      if (label !== row.label) changed.label = { from: row.label, to: label };
      if (updated.priority !== row.priority) changed.priority = { from: row.priority, to: updated.priority };
      if (updated.enabled !== row.enabled) changed.enabled = { from: row.enabled, to: updated.enabled };
      if (baseUrl !== row.baseUrl) changed.baseUrl = { from: row.baseUrl, to: baseUrl };
      if (input.apiKey !== undefined) changed.keyReplaced = true;
      if (nextTerms.billing !== terms.billing) changed.billing = { from: terms.billing, to: nextTerms.billing };
      if (JSON.stringify(nextTerms.quota) !== JSON.stringify(terms.quota)) changed.quota = { from: terms.quota, to: nextTerms.quota };
      await audit(actor, 'connections.update', `${row.providerId}/${label}`, { id: updated.id, ...changed });
      return view(updated);
    },

    async remove(id, actor) {
      const row = await find(id);
      await store.connections.remove(row.id);
      await store.accountTerms.remove(row.id);
      if (row.secretRef) await secrets.delete(row.secretRef);
      await deps.reload();
      await audit(actor, 'connections.delete', `${row.providerId}/${row.label}`, { id: row.id });
    },
  };
}
