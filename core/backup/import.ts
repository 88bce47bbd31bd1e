import { customProviderSchema } from '../config/index.js';
import { comboSchema } from '../config/routing-schema.js';
import { memberProblem } from '../config/combo-members.js';
import { connectionSecretRef } from '../config-sync.js';
import type { SecretStore } from '../secrets/index.js';
import type { Store } from '../store/index.js';
import { configDocumentSchema, exportedSecretsSchema, type ExportedSecrets } from './config-document.js';
import { findMovedKey } from './moved-keys.js';
import { open } from './passphrase-cipher.js';
import { revertThenRethrow, setSecretsRevertibly } from './revertible-secrets.js';

/** An export that cannot be imported; nothing was changed. The message is for the user. */
export class ConfigImportError extends Error {
  override readonly name = 'ConfigImportError';
}

export interface ImportOptions {
  store: Store;
  secrets: SecretStore;
  /** The parsed JSON of an export. */
  document: unknown;
  /** Needed when the export carries sealed keys. */
  passphrase?: string;
  builtinProviderIds: readonly string[];
  /** Where a stored key was last sent (key-addresses.ts). */
  lastAddress(secretRef: string): string | null | undefined;
}

export interface ImportResult {
  providers: number;
  connections: number;
  settings: number;
  combos: number;
  aliases: number;
  /** Connection keys written to the secret store. */
  secrets: number;
}

/**
 * Upserts the export's providers, connections, combos and aliases (as the user's own) and settings, and its keys
 * into the secret store. Everything is validated, and sealed keys decrypted, before the first
 * write; the database writes form one transaction, and if it fails the keys written before it
 * are put back as they were. Throws ConfigImportError or WrongPassphraseError with nothing
 * changed.
 */
export async function importConfig(opts: ImportOptions): Promise<ImportResult> {
  const parsed = configDocumentSchema.safeParse(opts.document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new ConfigImportError(`This is not an OmniRoute configuration export this version can read${where}: ${issue?.message ?? 'invalid'}.`);
  }
  const doc = parsed.data;

  const builtin = new Set(opts.builtinProviderIds);
  const providers = doc.providers.map((raw, i) => {
    const p = customProviderSchema.safeParse(raw);
    if (!p.success) throw new ConfigImportError(`Custom provider #${i + 1} in the export is invalid: ${p.error.issues[0]?.message ?? 'invalid'}.`);
    // It would take over the built-in provider's existing connections, keys included.
    if (builtin.has(p.data.id)) {
      throw new ConfigImportError(`Custom provider #${i + 1} in the export uses the id "${p.data.id}" of a built-in provider; an import cannot replace a built-in provider.`);
    }
    return p.data;
  });
  const existingProviders = await opts.store.providers.list();
  const known = new Set([...opts.builtinProviderIds, ...providers.map((p) => p.id), ...existingProviders.map((p) => p.id)]);
  for (const c of doc.connections) {
    if (!known.has(c.provider)) throw new ConfigImportError(`Connection "${c.label}" uses the unknown provider "${c.provider}".`);
  }

  const labels = new Map<string, Set<string>>();
  for (const c of [...(await opts.store.connections.list()).map((r) => ({ provider: r.providerId, label: r.label })), ...doc.connections]) {
    labels.set(c.provider, (labels.get(c.provider) ?? new Set()).add(c.label));
  }
  const combos = (doc.combos ?? []).map((raw, i) => {
    const c = comboSchema.safeParse(raw);
    if (!c.success) throw new ConfigImportError(`Combo #${i + 1} in the export is invalid: ${c.error.issues[0]?.message ?? 'invalid'}.`);
    for (const m of c.data.members) {
      const problem = memberProblem(m, { providerIds: known, labels });
      if (problem) throw new ConfigImportError(`Combo "${c.data.name}" in the export: ${problem.message}.`);
    }
    return c.data;
  });
  const aliases = doc.aliases ?? [];

  let keys: ExportedSecrets = [];
  if (doc.secrets !== undefined) {
    if (opts.passphrase === undefined) throw new ConfigImportError('This export holds encrypted keys: give the passphrase it was exported with.');
    const plain = await open(doc.secrets, opts.passphrase);
    const decoded = exportedSecretsSchema.safeParse(safeJson(plain));
    if (!decoded.success) throw new ConfigImportError('The encrypted keys in this export are malformed.');
    keys = decoded.data;
    const declared = new Set(doc.connections.map((c) => connectionSecretRef(c.provider, c.label)));
    const stray = keys.find((k) => !declared.has(connectionSecretRef(k.provider, k.label)));
    if (stray) throw new ConfigImportError(`The export holds a key for "${stray.provider}/${stray.label}", which it does not list as a connection.`);
  }

  const existingConnections = await opts.store.connections.list();
  const existingRefs = new Set(existingConnections.map((c) => connectionSecretRef(c.providerId, c.label)));
  const orphanedRefs = new Set<string>();
  for (const c of doc.connections) {
    const ref = connectionSecretRef(c.provider, c.label);
    if (!existingRefs.has(ref) && (await opts.secrets.get(ref)) !== null) orphanedRefs.add(ref);
  }
  const moved = findMovedKey({
    builtinProviderIds: opts.builtinProviderIds,
    existingProviders,
    existingConnections,
    importedProviders: providers,
    importedConnections: doc.connections,
    keyedRefs: new Set(keys.map((k) => connectionSecretRef(k.provider, k.label))),
    orphanedRefs,
    lastAddress: opts.lastAddress,
  });
  if (moved !== null) throw new ConfigImportError(moved);

  // Keys first: a connection row then never appears before its key does.
  const revert = await setSecretsRevertibly(
    opts.secrets,
    keys.map((k) => ({ ref: connectionSecretRef(k.provider, k.label), value: k.apiKey })),
  );
  await opts.store.transaction(async (repos) => {
    for (const p of providers) await repos.providers.upsert(p.id, p);
    for (const c of doc.connections) {
      const row = await repos.connections.upsert({
        providerId: c.provider,
        label: c.label,
        priority: c.priority,
        enabled: c.enabled,
        baseUrl: c.baseUrl,
        secretRef: connectionSecretRef(c.provider, c.label),
        source: 'user',
      });
      await repos.accountTerms.set(row.id, { billing: c.billing ?? null, quota: c.quota ?? null });
    }
    for (const s of doc.settings) await repos.settings.set(s.key, s.value);
    for (const { name, ...definition } of combos) await repos.combos.upsert(name, definition, 'user');
    for (const a of aliases) await repos.aliases.set(a.from, a.to, 'user');
  }).catch((error: unknown) => revertThenRethrow(revert, error));
  return {
    providers: providers.length,
    connections: doc.connections.length,
    settings: doc.settings.length,
    combos: combos.length,
    aliases: aliases.length,
    secrets: keys.length,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
