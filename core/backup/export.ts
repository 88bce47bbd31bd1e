import { CONFIG_DOCUMENT_FORMAT, CONFIG_DOCUMENT_VERSION, type ConfigDocument, type ExportedSecrets } from './config-document.js';
import { seal } from './passphrase-cipher.js';
import type { SecretStore } from '../secrets/index.js';
import type { AccountTerms, Store } from '../store/index.js';
import type { QuotaWindowConfig } from '../config/usage-schema.js';
import { storedQuotaWindows } from '../accounts/quota-windows.js';
import { parseStoredCombo } from '../accounts/stored-combo.js';

export interface ExportOptions {
  store: Store;
  secrets: SecretStore;
  now: () => number;
  /** Keys are exported only with a passphrase, and then only sealed under it. */
  withSecrets?: { passphrase: string };
}

/** The document for the current providers, connections, combos, aliases and settings. */
export async function exportConfig(opts: ExportOptions): Promise<ConfigDocument> {
  const { store, secrets } = opts;
  const connections = await store.connections.list();
  const terms = await store.accountTerms.all();
  const doc: ConfigDocument = {
    format: CONFIG_DOCUMENT_FORMAT,
    version: CONFIG_DOCUMENT_VERSION,
    exportedAt: new Date(opts.now()).toISOString(),
    providers: (await store.providers.list()).map((p) => withoutUserinfoInBaseUrl(p.descriptor)),
    connections: connections.map((c) => ({
      provider: c.providerId,
      label: c.label,
      priority: c.priority,
      enabled: c.enabled,
      baseUrl: c.baseUrl === null ? null : withoutUserinfo(c.baseUrl),
      ...termsOf(terms.get(c.id)),
    })),
    settings: await store.settings.list(),
    combos: (await store.combos.list()).flatMap((c) => parseStoredCombo(c) ?? []),
    aliases: (await store.aliases.list()).map((a) => ({ from: a.from, to: a.to })),
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

function termsOf(t: AccountTerms | undefined): { billing?: 'metered' | 'subscription'; quota?: QuotaWindowConfig[] } {
  const quota = storedQuotaWindows(t?.quota);
  return { ...(t?.billing ? { billing: t.billing } : {}), ...(quota ? { quota } : {}) };
}

/**
 * `https://user:token@host` carries a credential in the address itself; an export holds keys
 * only when sealed, so the userinfo is dropped rather than written out in clear.
 */
function withoutUserinfo(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL the gateway could call; still drop anything that looks like userinfo.
    return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, '$1');
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

function withoutUserinfoInBaseUrl(descriptor: unknown): unknown {
  if (typeof descriptor !== 'object' || descriptor === null || !('baseUrl' in descriptor) || typeof descriptor.baseUrl !== 'string') return descriptor;
  return { ...descriptor, baseUrl: withoutUserinfo(descriptor.baseUrl) };
}
