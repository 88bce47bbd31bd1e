/**
 * Where each stored key was last sent. The secret store keeps a key after its connection is
 * gone (deleted, or restored away), and a restore names keys by secret ref only: without a
 * record, a crafted backup could give such an orphaned key a connection at an address of its
 * choosing. The record lives in its own 0600 file beside the databases, never in a backup,
 * so a backup cannot rewrite it; addresses are not secret and are kept in the clear.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_ADDRESSES_FILE = 'key-addresses.json';

export interface KeyAddressBook {
  /** Records the addresses the connections now in use send their keys to (secret ref -> address). */
  record(uses: ReadonlyMap<string, string | null>): void;
  /** The address a key was last sent to; undefined when the gateway never sent it anywhere. */
  lastAddress(secretRef: string): string | null | undefined;
}

export function createKeyAddressBook(dataDir: string): KeyAddressBook {
  const path = join(dataDir, KEY_ADDRESSES_FILE);
  let book = load(path);
  return {
    record(uses) {
      let changed = false;
      for (const [ref, address] of uses) {
        if (book[ref] === address) continue;
        book = { ...book, [ref]: address };
        changed = true;
      }
      if (!changed) return;
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(book, null, 1), { mode: 0o600 });
      renameSync(tmp, path);
    },
    lastAddress(ref) {
      return Object.hasOwn(book, ref) ? book[ref] : undefined;
    },
  };
}

function load(path: string): Record<string, string | null> {
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const book: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
    for (const [ref, address] of Object.entries(raw)) if (typeof address === 'string' || address === null) book[ref] = address;
    return book;
  } catch {
    return {};
  }
}
