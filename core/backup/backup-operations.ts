/**
 * The dashboard's backup, restore, export and import operations over the store and the
 * secret store. Files go to the data dir (backups/, exports/) unless the caller names a path;
 * a named path must be absolute, and a new file never replaces an existing one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { SecretStore } from '../secrets/index.js';
import type { Store } from '../store/index.js';
import { readBackupConfig } from '../store/backup.js';
import { exportConfig } from './export.js';
import { ConfigImportError, importConfig, type ImportResult } from './import.js';
import type { ConfigDocument } from './config-document.js';
import { findRedirectedKey } from './restore-check.js';
import type { KeyAddressBook } from './key-addresses.js';

export const BACKUPS_DIR = 'backups';
export const EXPORTS_DIR = 'exports';

/** A path the operation cannot use; nothing was changed. The message is for the user. */
export class BackupRequestError extends Error {
  override readonly name = 'BackupRequestError';
}

export interface BackupOperationsDeps {
  store: Store;
  secrets: SecretStore;
  /** Where each stored key was last sent, for the restore check. */
  keyAddresses: Pick<KeyAddressBook, 'lastAddress'>;
  dataDir: string;
  now: () => number;
  builtinProviderIds: readonly string[];
  /** Re-reads providers and connections from the store into the gateway's route table. */
  reload(after: 'restore' | 'import'): Promise<void>;
}

export interface BackupOperations {
  create(input: { path?: string }): Promise<{ path: string; bytes: number }>;
  /** `previous` is the copy of the database the restore replaced, kept next to it. */
  restore(input: { path: string }): Promise<{ restored: true; previous: string }>;
  exportConfig(input: { path?: string; includeSecrets?: boolean; passphrase?: string }): Promise<{
    path: string;
    bytes: number;
    secretsIncluded: boolean;
    document: ConfigDocument;
  }>;
  importConfig(input: { path?: string; document?: unknown; passphrase?: string }): Promise<ImportResult>;
}

export function createBackupOperations(deps: BackupOperationsDeps): BackupOperations {
  const { store, dataDir, now } = deps;

  async function newFilePath(given: string | undefined, dir: string, prefix: string, ext: string): Promise<string> {
    if (given !== undefined && !isAbsolute(given)) throw new BackupRequestError(`The path must be absolute: ${given}`);
    const path = given ?? join(dataDir, dir, `${prefix}-${stamp(now())}-${randomBytes(3).toString('hex')}${ext}`);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return path;
  }

  return {
    async create(input) {
      const path = await newFilePath(input.path, BACKUPS_DIR, 'omniroute', '.db');
      if (await exists(path)) throw new BackupRequestError(`${path} already exists; choose a new file name.`);
      const bytes = await store.backup(path);
      return { path, bytes };
    },

    async restore(input) {
      if (!isAbsolute(input.path)) throw new BackupRequestError(`The path must be absolute: ${input.path}`);
      // Owner-only like the database itself; the backup API writes it consistently.
      const previous = `${store.path}.before-restore-${stamp(now())}-${randomBytes(3).toString('hex')}`;
      await store.restore(input.path, async () => {
        const candidate = await readBackupConfig(input.path);
        const storedRefs = new Set<string>();
        for (const row of candidate.connections) {
          if (row.secretRef !== null && (await deps.secrets.get(row.secretRef)) !== null) storedRefs.add(row.secretRef);
        }
        const moved = findRedirectedKey({
          builtinProviderIds: deps.builtinProviderIds,
          current: { connections: await store.connections.list(), providers: await store.providers.list() },
          candidate,
          storedRefs,
          lastAddress: (ref) => deps.keyAddresses.lastAddress(ref),
        });
        if (moved !== null) throw new BackupRequestError(moved);
        // Kept so a restore of the wrong file is itself undoable.
        await store.backup(previous);
      });
      await deps.reload('restore');
      return { restored: true, previous };
    },

    async exportConfig(input) {
      const document = await exportConfig({
        store,
        secrets: deps.secrets,
        now,
        ...(input.includeSecrets && input.passphrase !== undefined ? { withSecrets: { passphrase: input.passphrase } } : {}),
      });
      const path = await newFilePath(input.path, EXPORTS_DIR, 'omniroute-config', '.json');
      const text = JSON.stringify(document, null, 2) + '\n';
      // 'wx': never overwrite; 0600: the file may hold (sealed) keys.
      await writeFile(path, text, { flag: 'wx', mode: 0o600 }).catch((error: unknown) => {
        if (isErrno(error, 'EEXIST')) throw new BackupRequestError(`${path} already exists; choose a new file name.`);
        throw error;
      });
      return { path, bytes: Buffer.byteLength(text), secretsIncluded: document.secrets !== undefined, document };
    },

    async importConfig(input) {
      let document = input.document;
      if (input.path !== undefined) {
        if (!isAbsolute(input.path)) throw new BackupRequestError(`The path must be absolute: ${input.path}`);
        const text = await readFile(input.path, 'utf8').catch((error: unknown) => {
          throw new ConfigImportError(`Cannot read ${input.path}: ${isErrno(error, 'ENOENT') ? 'no such file' : 'unreadable'}.`);
        });
        try {
          document = JSON.parse(text);
        } catch {
          throw new ConfigImportError(`${input.path} is not JSON.`);
        }
      }
      const result = await importConfig({
        store,
        secrets: deps.secrets,
        document,
        builtinProviderIds: deps.builtinProviderIds,
        lastAddress: (ref) => deps.keyAddresses.lastAddress(ref),
        ...(input.passphrase !== undefined ? { passphrase: input.passphrase } : {}),
      });
      await deps.reload('import');
      return result;
    },
  };
}

/** 2024-05-01T10-20-30-123Z: sortable, and legal in file names everywhere. */
function stamp(ts: number): string {
  return new Date(ts).toISOString().replace(/[:.]/g, '-');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
