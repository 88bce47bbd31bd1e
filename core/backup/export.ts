import { CONFIG_DOCUMENT_FORMAT, CONFIG_DOCUMENT_VERSION, type ConfigDocument, type ExportedSecrets } from './config-document.js';
import { seal } from './passphrase-cipher.js';
import type { SecretStore } from '../secrets/index.js';
import type { Store } from '../store/index.js';

export interface ExportOptions {
  store: Store;
  secrets: SecretStore;
  now: () => number;
  /** Keys are exported only with a passphrase, and then only sealed under it. */
  withSecrets?: { passphrase: string };
}

/** The document for the current providers, connections and settings. */
export async function exportConfig(opts: ExportOptions): Promise<ConfigDocument> {
  const { store, secrets } = opts;
  const connections = await store.connections.list();
  const doc: ConfigDocument = {
    format: CONFIG_DOCUMENT_FORMAT,
    version: CONFIG_DOCUMENT_VERSION,
    exportedAt: new Date(opts.now()).toISOString(),
    providers: (await store.providers.list()).map((p) => p.descriptor),
    connections: connections.map((c) => ({
      provider: c.providerId,
      label: c.label,
      priority: c.priority,
      enabled: c.enabled,
      baseUrl: c.baseUrl,
    })),
    settings: await store.settings.list(),
  };
  if (opts.withSecrets) {
    const keys: ExportedSecrets = [];
    for (const c of connections) {
      const apiKey = c.secretRef ? await secrets.get(c.secretRef) : null;
      if (apiKey) keys.push({ provider: c.providerId, label: c.label, apiKey });
    }
    doc.secrets = await seal(JSON.stringify(keys), opts.withSecrets.passphrase);
  }
  return doc;
}
