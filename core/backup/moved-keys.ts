/**
 * An import must not redirect a key already in the secret store: a connection keeps its
 * secret ref across an upsert, so a new address (its own baseUrl, or its custom provider's)
 * would hand the user's existing key to a host the user never sent it to. Only a document
 * that brings the connection's key itself may change where that connection goes.
 */
import { connectionSecretRef } from '../config-sync.js';
import type { CustomProviderConfig } from '../config/index.js';
import type { ConnectionRow, StoredCustomProvider } from '../store/index.js';
import type { ExportedConnection } from './config-document.js';

export interface MovedKeyCheck {
  builtinProviderIds: readonly string[];
  existingProviders: readonly StoredCustomProvider[];
  existingConnections: readonly ConnectionRow[];
  importedProviders: readonly CustomProviderConfig[];
  importedConnections: readonly ExportedConnection[];
  /** Secret refs whose keys the document carries. */
  keyedRefs: ReadonlySet<string>;
  /** Refs of imported connections that no existing row has but whose key is stored (orphaned keys). */
  orphanedRefs: ReadonlySet<string>;
  /** Where a stored key was last sent (key-addresses.ts); undefined: never. */
  lastAddress(secretRef: string): string | null | undefined;
}

/** The user-facing reason the import would send an existing key to a new address, or null. */
export function findMovedKey(check: MovedKeyCheck): string | null {
  const builtin = new Set(check.builtinProviderIds);
  const before = providerAddresses(check.existingProviders);
  const after = new Map(before);
  for (const p of check.importedProviders) after.set(p.id, p.baseUrl);
  const providerUrl = (urls: ReadonlyMap<string, string>, id: string): string | null => providerAddress(builtin, urls, id);

  const imported = new Map<string, ExportedConnection>();
  for (const c of check.importedConnections) imported.set(connectionSecretRef(c.provider, c.label), c);

  for (const row of check.existingConnections) {
    const ref = connectionSecretRef(row.providerId, row.label);
    const incoming = imported.get(ref);
    // A row the import leaves alone keeps its own ref; without one it sends no key anywhere.
    if (incoming === undefined && row.secretRef === null) continue;
    const was = connectionAddress(builtin, before, row);
    const will = incoming ? (incoming.baseUrl ?? providerUrl(after, incoming.provider)) : connectionAddress(builtin, after, row);
    if (was === will || check.keyedRefs.has(ref)) continue;
    const name = `"${row.providerId}/${row.label}"`;
    const fix = 'or change the address in the configuration file instead';
    if (incoming !== undefined && incoming.baseUrl !== row.baseUrl) {
      return `The export gives the existing connection ${name} a different address, which would send its stored key there. Import an export that includes this connection's key (exported with a passphrase), ${fix}.`;
    }
    return `The export changes the address of the custom provider "${row.providerId}", which would send the stored key of its existing connection ${name} there. Import an export that includes the keys of all its connections (exported with a passphrase), ${fix}.`;
  }
  // A connection the user deleted leaves its key stored: a new connection of that name may
  // use it only where it was last sent.
  for (const [ref, incoming] of imported) {
    if (!check.orphanedRefs.has(ref) || check.keyedRefs.has(ref)) continue;
    const last = check.lastAddress(ref);
    const will = incoming.baseUrl ?? providerUrl(after, incoming.provider);
    if (last === will) continue;
    return `The export's connection "${incoming.provider}/${incoming.label}" would use a key still stored from an earlier connection of that name, at ${will ?? 'no address'} instead of ${last === undefined ? 'nowhere it was ever sent' : (last ?? 'none')}. Import an export that includes this connection's key (exported with a passphrase).`;
  }
  return null;
}

/** Each stored custom provider's base URL, by provider id. */
export function providerAddresses(providers: ReadonlyArray<Pick<StoredCustomProvider, 'id' | 'descriptor'>>): Map<string, string> {
  const urls = new Map<string, string>();
  for (const p of providers) {
    const url = baseUrlOf(p.descriptor);
    if (url !== undefined) urls.set(p.id, url);
  }
  return urls;
}

/**
 * Where a connection without its own base URL sends its key: a built-in provider's address
 * never changes, and null stands for "no address at all".
 */
export function providerAddress(builtin: ReadonlySet<string>, urls: ReadonlyMap<string, string>, providerId: string): string | null {
  return builtin.has(providerId) ? `builtin:${providerId}` : (urls.get(providerId) ?? null);
}

/** Where a connection sends its key: its own base URL, else its provider's. */
export function connectionAddress(
  builtin: ReadonlySet<string>,
  urls: ReadonlyMap<string, string>,
  row: Pick<ConnectionRow, 'providerId' | 'baseUrl'>,
): string | null {
  return row.baseUrl ?? providerAddress(builtin, urls, row.providerId);
}

function baseUrlOf(descriptor: unknown): string | undefined {
  if (typeof descriptor !== 'object' || descriptor === null || !('baseUrl' in descriptor)) return undefined;
  return typeof descriptor.baseUrl === 'string' ? descriptor.baseUrl : undefined;
}
