/**
 * Database-level backup and restore through SQLite's online backup API: a copy of a live
 * WAL database taken with cp can miss committed pages still in the -wal file or catch a
 * half-written checkpoint, the backup API cannot.
 */
import { stat, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ConnectionRow } from './connection-repository.js';
import type { StoredCustomProvider } from './custom-provider-repository.js';
import type { StoreSchema } from './schema.js';
import { parseStoredJson } from './stored-json.js';
import { LOG_TABLES, logTablesSql } from './request-log-db.js';

/** A file that cannot be restored; its message says why, in words meant for the user. */
export class BackupFileError extends Error {
  override readonly name = 'BackupFileError';
}

/** What a backup file holds, as far as restoring it is concerned. */
export interface BackupFileInfo {
  /** Names of the migrations the file has applied. */
  migrations: string[];
}

/**
 * Writes a consistent snapshot of `live` to `dest` (which must not exist yet) and returns its
 * size. The copy is switched to a rollback journal so it is one self-contained file.
 */
export async function backupDatabase(live: Database.Database, dest: string, logPath: string): Promise<number> {
  // The copy holds the request log and captured bodies: readable by the owner only. Created
  // exclusively, so an existing file is never overwritten.
  await writeFile(dest, '', { mode: 0o600, flag: 'wx' });
  // Copying from the live connection itself: writes it makes meanwhile are carried into the
  // copy by SQLite instead of restarting the backup.
  await live.backup(dest, { progress: () => 1_000 });
  const copy = new Database(dest);
  try {
    copy.pragma('journal_mode = DELETE');
    // The log's own file is read (one consistent WAL snapshot) into the same file: a backup
    // stays one self-contained database, which restore splits again (absorbLogTables).
    copy.exec(logTablesSql('main'));
    copy.prepare('ATTACH DATABASE ? AS source').run(logPath);
    copy.transaction(() => {
      for (const table of LOG_TABLES) copy.exec(`INSERT INTO main."${table}" SELECT * FROM source."${table}"`);
    })();
    copy.exec('DETACH DATABASE source');
  } finally {
    copy.close();
  }
  return (await stat(dest)).size;
}

/**
 * Opens a would-be backup read-only and checks it is a sound database of this application
 * that this build can migrate. Throws an Error whose message says what is wrong.
 */
export async function inspectBackupFile(
  path: string,
  opts: { migrationTable: string; knownMigrations: readonly string[] },
): Promise<BackupFileInfo> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupFileError(`cannot open ${path} as a database: ${reason(error)}`, { cause: error });
  }
  const db = new Kysely<Record<string, { name: string }>>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    let check: unknown;
    try {
      // A pragma is SQLite's own command and has no query-builder form.
      check = sqlite.pragma('integrity_check', { simple: true });
    } catch (error) {
      throw new BackupFileError(`${path} is not a database: ${reason(error)}`, { cause: error });
    }
    if (check !== 'ok') throw new BackupFileError(`${path} failed the integrity check: ${String(check)}`);
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((t) => t.name === opts.migrationTable)) {
      throw new BackupFileError(`${path} is not an OmniRoute database (it has no ${opts.migrationTable} table)`);
    }
    const rows = await db.selectFrom(opts.migrationTable).select('name').orderBy('name').execute();
    const migrations = rows.map((r) => r.name);
    const known = new Set(opts.knownMigrations);
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length > 0) {
      throw new BackupFileError(`${path} was written by a newer version of OmniRoute (migration ${unknown[0]}); update OmniRoute before restoring it`);
    }
    return { migrations };
  } finally {
    await db.destroy();
  }
}

/** The rows of a backup that decide where keys are sent, read before it is restored. */
export interface BackupFileConfig {
  connections: Pick<ConnectionRow, 'id' | 'providerId' | 'label' | 'baseUrl' | 'secretRef'>[];
  /** Without source: a backup may predate that column. */
  providers: Array<Pick<StoredCustomProvider, 'id' | 'descriptor'>>;
}

/**
 * Reads a would-be backup's connections and custom providers (read-only), so the caller can
 * check them against the live configuration before anything is replaced.
 */
export async function readBackupConfig(path: string): Promise<BackupFileConfig> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupFileError(`cannot open ${path} as a database: ${reason(error)}`, { cause: error });
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const connections = await db.selectFrom('connections').select(['id', 'provider_id', 'label', 'base_url', 'secret_ref']).execute();
    const providers = await db.selectFrom('providers').select(['id', 'descriptor']).execute();
    return {
      connections: connections.map((r) => ({ id: r.id, providerId: r.provider_id, label: r.label, baseUrl: r.base_url, secretRef: r.secret_ref })),
      providers: providers.map((r) => ({ id: r.id, descriptor: parseStoredJson(r.descriptor, `provider "${r.id}" in ${path}`) })),
    };
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    throw new BackupFileError(`cannot read the connections of ${path}: ${reason(error)}`, { cause: error });
  } finally {
    await db.destroy();
  }
}

/**
 * Replaces the content of the live database file with `src` through the backup API
 * (source = the backup file, destination = the live file). The live connection sees the new
 * content on its next read; the caller runs migrations and reloads its caches afterwards.
 */
export async function restoreDatabase(live: Database.Database, livePath: string, src: string): Promise<void> {
  const source = new Database(src, { readonly: true, fileMustExist: true });
  // The backup holds the live file's write lock from its first step to its last. A write on
  // the live connection in between would wait busy_timeout with the event loop blocked (so
  // the backup could not finish either); failing fast instead leaves the request-log writer's
  // entries queued for its next flush.
  const busy: unknown = live.pragma('busy_timeout', { simple: true });
  live.pragma('busy_timeout = 0');
  try {
    await source.backup(livePath, { progress: () => 0x7fffffff });
  } finally {
    live.pragma(`busy_timeout = ${typeof busy === 'number' ? busy : 5000}`);
    source.close();
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
