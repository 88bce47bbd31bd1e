/**
 * A restore must not redirect a key already in the secret store. A backup is a whole database
 * and the secret store is not in it, so its connections name keys by secret ref only: a
 * crafted file could add a row that borrows an existing connection's ref under another
 * address (its own base URL, or its custom provider's) and the gateway would send that key,
 * and the user's prompts, there. The address rule is the import's (moved-keys.ts).
 */
import type { ConnectionRow, StoredCustomProvider } from '../store/index.js';
import type { BackupFileConfig } from '../store/backup.js';
import { connectionAddress, providerAddresses } from './moved-keys.js';

export interface RestoreCheck {
  builtinProviderIds: readonly string[];
  current: { connections: readonly ConnectionRow[]; providers: readonly StoredCustomProvider[] };
  candidate: BackupFileConfig;
  /** The candidate's secret refs whose keys are in the secret store now. */
  storedRefs: ReadonlySet<string>;
  /** Where a key was last sent (key-addresses.ts); undefined: never. */
  lastAddress(secretRef: string): string | null | undefined;
}

/** The user-facing reason the backup would send a stored key somewhere new, or null. */
export function findRedirectedKey(check: RestoreCheck): string | null {
  const builtin = new Set(check.builtinProviderIds);
  const nowUrls = providerAddresses(check.current.providers);
  const thenUrls = providerAddresses(check.candidate.providers);
  const users = new Map<string, ConnectionRow[]>();
  for (const row of check.current.connections) {
    if (row.secretRef === null) continue;
    const list = users.get(row.secretRef) ?? [];
    list.push(row);
    users.set(row.secretRef, list);
  }

  for (const row of check.candidate.connections) {
    const name = `"${row.providerId}/${row.label}"`;
    const current = row.secretRef === null ? undefined : users.get(row.secretRef);
    if (current === undefined) {
      // No current connection uses the ref, but its key may still be stored (its connection
      // deleted, or restored away): it may go back only to where it was last sent.
      if (row.secretRef === null || !check.storedRefs.has(row.secretRef)) continue;
      const last = check.lastAddress(row.secretRef);
      const will = connectionAddress(builtin, thenUrls, row);
      if (last === will) continue;
      return last === undefined
        ? `The backup's connection ${name} names a stored key (${row.secretRef}) that this gateway has no record of sending anywhere, so restoring it could send that key to ${will ?? 'no address'}. Nothing was restored; add the connection again with its key instead.`
        : `The backup gives the stored key of connection ${name} a different address (${will ?? 'none'} instead of ${last ?? 'none'}, where it was last sent). Nothing was restored.`;
    }
    const same = current.find((c) => c.id === row.id || (c.providerId === row.providerId && c.label === row.label));
    if (same === undefined) {
      const owner = current[0] ?? row;
      return `The backup's connection ${name} uses the stored key of the connection "${owner.providerId}/${owner.label}", which would send that key through another connection. Nothing was restored.`;
    }
    const was = connectionAddress(builtin, nowUrls, same);
    const will = connectionAddress(builtin, thenUrls, row);
    if (was !== will) {
      return `The backup gives the connection ${name} a different address (${will ?? 'none'} instead of ${was ?? 'none'}), which would send its stored key there. Nothing was restored; change the address in the dashboard instead.`;
    }
  }
  return null;
}
