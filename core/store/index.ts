import { chmodSync, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { createConnectionRepository, type ConnectionRepository } from './connection-repository.js';
import { createCustomProviderRepository, type CustomProviderRepository } from './custom-provider-repository.js';
import { migrationProvider } from './migrations/index.js';
import { createAnalyticsQuery, type AnalyticsQuery } from './analytics-query.js';
import { createAuditRepository, type AuditRepository } from './audit-repository.js';
import { createComboRepository, type ComboRepository } from './combo-repository.js';
import { createAliasRepository, type AliasRepository } from './alias-repository.js';
import { createAccountTermsRepository, type AccountTermsRepository } from './account-terms-repository.js';
import { createGatewayKeyRepository, type GatewayKeyRepository } from './gateway-key-repository.js';
import { backupDatabase, inspectBackupFile, restoreDatabase } from './backup.js';
import { absorbLogTables, attachRequestLog, isDamagedDatabaseError, LOG_SCHEMA, moveLogAside, REQUEST_LOG_FILE } from './request-log-db.js';
import { createRequestLogPages, type RequestLogPages } from './request-log-page.js';
import { createRequestLogQuery, type RequestLogQuery } from './request-log-query.js';
import { createRequestLogWriter, type RequestLogWriter, type RequestLogWriterOptions } from './request-log-writer.js';
import { createRequestBodyQuery, type RequestBodyQuery } from './request-body-query.js';
import { createReadOnlyKysely } from './read-only-kysely.js';
import { createReadWorker } from './read-worker.js';
import { createRetention, type Retention, type RetentionOptions } from './retention.js';
import { createQuotaUsageQuery, type QuotaUsageQuery } from './quota-usage-query.js';
import { createRoutingStateRepository, type RoutingStateRepository } from './routing-state-repository.js';
import type { StoreSchema } from './schema.js';
import { createSettingsRepository, type SettingsRepository } from './settings-repository.js';
import { createSpendQuery, type SpendQuery } from './spend-query.js';

export type { ConnectionInput, ConnectionRepository, ConnectionRow } from './connection-repository.js';
export type { CustomProviderRepository, StoredCustomProvider } from './custom-provider-repository.js';
export type { RequestBodyEntry, RequestBodyKind, RequestLogEntry } from './request-log-entry.js';
export type { RequestBodyQuery } from './request-body-query.js';
export type { PruneReport, Retention } from './retention.js';
export type { RequestLogQuery } from './request-log-query.js';
export type { RequestLogWriter, RequestLogWriterStats } from './request-log-writer.js';
export { ROUTING_STATE_KINDS } from './routing-state-repository.js';
export type { QuotaUsageQuery, QuotaUsageRow } from './quota-usage-query.js';
export type { RoutingStateKind, RoutingStateRepository, RoutingStateRow } from './routing-state-repository.js';
export type { ConnectionSource } from './schema.js';
export type { AuditEntry, AuditRepository } from './audit-repository.js';
export type { ComboRepository, StoredCombo } from './combo-repository.js';
export type { AliasRepository, StoredAlias } from './alias-repository.js';
export type { AccountTerms, AccountTermsRepository } from './account-terms-repository.js';
export type { GatewayKeyRepository, StoredGatewayKey } from './gateway-key-repository.js';
export type { SettingsRepository } from './settings-repository.js';
export type { SpendQuery, SpendTotal } from './spend-query.js';

export interface Store {
  /** Absolute path of the configuration database file. */
  readonly path: string;
  /** Absolute path of the request log's own database file (request-log-db.ts). */
  readonly requestLogPath: string;
  connections: ConnectionRepository;
  providers: CustomProviderRepository;
  /** Combos and aliases, the file's and the user's (source tells them apart). */
  combos: ComboRepository;
  aliases: AliasRepository;
  /** Billing and quota windows per account (connection id). */
  accountTerms: AccountTermsRepository;
  settings: SettingsRepository;
  /** Changes made through the control API (who, what, when; never a secret). */
  audit: AuditRepository;
  /** Gateway API keys made in the app (hashes only). */
  gatewayKeys: GatewayKeyRepository;
  requestLog: RequestLogWriter;
  requestLogs: RequestLogQuery;
  /** Captured (redacted) bodies of one request. */
  requestBodies: RequestBodyQuery;
  /** Age and row limits of the request log; not running until start(). */
  retention: Omit<Retention, 'stop'>;
  /** Cooldowns, breaker states and learned limits, so they survive a restart. */
  routingState: RoutingStateRepository;
  /** Each account's logged usage, to restore quota windows at start. */
  quotaUsage: QuotaUsageQuery;
  /** Spend per provider and gateway key this month, to restore budget totals at start. */
  spend: SpendQuery;
  /** Flushes the request-log writer, then closes the database. */
  close(): Promise<void>;
  // --- Analytics, log browsing, backup/restore and transactions (dashboard operations). ---
  analytics: AnalyticsQuery;
  logPages: RequestLogPages;
  /** Flushes the log, then writes a consistent copy to `dest` (must not exist) with SQLite's backup API; resolves with its size. */
  backup(dest: string): Promise<number>;
  /**
   * Validates `src` (throws BackupFileError), flushes the log, copies `src` over the live
   * database with the backup API and runs pending migrations. Cached state is the caller's to reload.
   * `beforeReplace` runs once `src` is known sound and before anything changes; a throw from it
   * leaves the live database as it was.
   */
  restore(src: string, beforeReplace?: () => Promise<void>): Promise<void>;
  /** Runs `fn` over repositories bound to one transaction: all of its writes land, or none. */
  transaction<T>(fn: (repos: StoreRepositories) => Promise<T>): Promise<T>;
  /**
   * SQLite's integrity_check of both files, off the event loop; an empty list is a sound
   * file. Slow on a large log: run it in the background.
   */
  checkIntegrity(): Promise<{ config: string[]; log: string[] }>;
  /** Moves the (damaged) log file aside and starts an empty one; resolves with where it went. */
  replaceRequestLog(): Promise<string>;
}

export interface StoreRepositories {
  connections: ConnectionRepository;
  providers: CustomProviderRepository;
  combos: ComboRepository;
  aliases: AliasRepository;
  accountTerms: AccountTermsRepository;
  settings: SettingsRepository;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Default 'omniroute.db'. */
  fileName?: string;
  /** Clock for created_at/updated_at, ms since the epoch. Default Date.now. */
  now?: () => number;
  requestLog?: Omit<RequestLogWriterOptions, 'db'>;
  /** Request-log limits (retentionDays, maxRows, interval); the clock defaults to `now`. */
  retention?: Omit<RetentionOptions, 'db' | 'sqlite' | 'now'> & { now?: () => number };
  /** Where a damaged log being moved aside is reported; default process.emitWarning. */
  warn?: (message: string) => void;
}

export const MIGRATION_TABLE = 'kysely_migration';

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const path = join(opts.dataDir, opts.fileName ?? 'omniroute.db');
  const requestLogPath = join(opts.dataDir, REQUEST_LOG_FILE);
  const now = opts.now ?? Date.now;
  const warn = opts.warn ?? ((message: string) => process.emitWarning(message, { code: 'OMNIROUTE_REQUEST_LOG' }));
  const sqlite = new Database(path);
  try {
    // The log holds prompts: owner-only whatever the umask, set before WAL mode creates the
    // -wal and -shm files (SQLite gives those the database file's mode). Older installs made
    // the files 0644; tightening our own files is safe.
    restrictToOwner(path);
    try {
      applyPragmas(sqlite, path);
    } catch (error) {
      if (!isDamagedDatabaseError(error)) throw error;
      throw new Error(
        `The configuration database ${path} is damaged (${error instanceof Error ? error.message : String(error)}). Move it aside and copy the newest file from ${join(opts.dataDir, 'backups')} in its place, or move it aside to start with no configuration.`,
        { cause: error },
      );
    }
    attachLogOrStartNew(sqlite, requestLogPath, now, warn);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });

  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot migrate the database ${path}: ${reason}`, { cause: error });
  }
  // A database from before the log had its own file, moved over once.
  absorbLogTables(sqlite);

  const requestLog = createRequestLogWriter({ ...opts.requestLog, db, sqlite });
  const retention = createRetention({ now, ...opts.retention, db, sqlite });
  // Dashboard reads run on their own connection in a worker, off the event loop.
  const readWorker = createReadWorker({ path, logPath: requestLogPath });
  const readDb = createReadOnlyKysely(readWorker);
  let closing: Promise<void> | null = null;

  return {
    path,
    requestLogPath,
    connections: createConnectionRepository({ db, now }),
    providers: createCustomProviderRepository({ db, now }),
    combos: createComboRepository({ db, now }),
    aliases: createAliasRepository({ db, now }),
    accountTerms: createAccountTermsRepository({ db, now }),
    settings: createSettingsRepository({ db }),
    audit: createAuditRepository({ db }),
    gatewayKeys: createGatewayKeyRepository({ db }),
    requestLog: {
      write: requestLog.write,
      flush: requestLog.flush,
      committed: requestLog.committed,
      pending: requestLog.pending,
      stats: requestLog.stats,
    },
    requestLogs: createRequestLogQuery({ db }),
    requestBodies: createRequestBodyQuery({ db: readDb }),
    retention: { prune: retention.prune, start: retention.start },
    routingState: createRoutingStateRepository({ db }),
    quotaUsage: createQuotaUsageQuery({ db }),
    spend: createSpendQuery({ db }),
    analytics: createAnalyticsQuery({ db: readDb }),
    logPages: createRequestLogPages({ db: readDb }),
    async backup(dest) {
      await requestLog.flush();
      return backupDatabase(sqlite, dest, requestLogPath);
    },
    async restore(src, beforeReplace) {
      const knownMigrations = Object.keys(await migrationProvider.getMigrations());
      await inspectBackupFile(src, { migrationTable: MIGRATION_TABLE, knownMigrations });
      await beforeReplace?.();
      await requestLog.flush();
      await restoreDatabase(sqlite, path, src);
      const migrated = await new Migrator({ db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE }).migrateToLatest();
      if (migrated.error !== undefined) {
        const reason = migrated.error instanceof Error ? migrated.error.message : String(migrated.error);
        throw new Error(`cannot migrate the restored database ${path}: ${reason}`, { cause: migrated.error });
      }
      // The backup's log (inside its one file) replaces the live log.
      absorbLogTables(sqlite);
    },
    async checkIntegrity() {
      const problems = async (schema: string) => {
        const rows = (await readWorker.all(`PRAGMA ${schema}.integrity_check`, [])) as Array<{ integrity_check: string }>;
        return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      };
      const config = await problems('main');
      // A log too damaged to be read at all is as damaged as one with bad pages.
      const log = await problems(LOG_SCHEMA).catch((error: unknown) => [error instanceof Error ? error.message : String(error)]);
      return { config, log };
    },
    async replaceRequestLog() {
      // What can still be written goes to the old file first; what cannot stays queued for the new one.
      await requestLog.flush().catch(() => undefined);
      await readWorker.restart();
      sqlite.exec(`DETACH DATABASE ${LOG_SCHEMA}`);
      const aside = moveLogAside(requestLogPath, now());
      attachRequestLog(sqlite, requestLogPath, now());
      await requestLog.flush().catch(() => undefined);
      return aside;
    },
    transaction(fn) {
      return db.transaction().execute((trx) =>
        fn({
          connections: createConnectionRepository({ db: trx, now }),
          providers: createCustomProviderRepository({ db: trx, now }),
          combos: createComboRepository({ db: trx, now }),
          aliases: createAliasRepository({ db: trx, now }),
          accountTerms: createAccountTermsRepository({ db: trx, now }),
          settings: createSettingsRepository({ db: trx }),
        }),
      );
    },
    close() {
      closing ??= (async () => {
        try {
          await retention.stop();
          await requestLog.close();
          await readDb.destroy();
        } finally {
          await db.destroy();
        }
      })();
      return closing;
    },
  };
}

/** Attaches the log; one too damaged to open is moved aside (with a warning) and a new one started. */
function attachLogOrStartNew(sqlite: Database.Database, logPath: string, now: () => number, warn: (message: string) => void): void {
  try {
    attachRequestLog(sqlite, logPath, now());
  } catch (error) {
    if (!isDamagedDatabaseError(error)) throw error;
    const aside = moveLogAside(logPath, now());
    warn(
      `omniroute: the request log ${logPath} is damaged (${error instanceof Error ? error.message : String(error)}); it was moved to ${aside} and a new log started. Your configuration is not affected.`,
    );
    attachRequestLog(sqlite, logPath, now());
  }
}

// Raw SQL is confined to here and to migrations: pragmas are SQLite's own configuration and
// have no query-builder form.
function applyPragmas(sqlite: Database.Database, path: string): void {
  // Pages freed by request-log retention go back to the file system only with incremental
  // auto-vacuum, and SQLite takes that setting only before the first table exists; an older
  // database gets it through a one-time VACUUM.
  if (Number(sqlite.pragma('auto_vacuum', { simple: true })) !== 2) {
    sqlite.pragma('auto_vacuum = INCREMENTAL');
    const tables = Number(sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get());
    if (tables > 0) {
      // It rewrites the whole file once, needing as much free disk again: say why start is slow.
      process.emitWarning(`omniroute: converting ${path} for space reuse once; a large request log takes a while`, { code: 'OMNIROUTE_VACUUM' });
      sqlite.exec('VACUUM');
    }
  }
  // WAL lets the dashboard read while the writer commits; it needs a real file, not ':memory:'.
  const mode: unknown = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`cannot switch ${path} to WAL mode (journal_mode is ${String(mode)})`);
  // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
  sqlite.pragma('synchronous = NORMAL');
  // A WAL file that grew during a burst is cut back to this size at the next checkpoint.
  sqlite.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
  // SQLite checkpoints inside the commit that takes the WAL past this many pages, copying
  // pages and syncing the database file: a stall on whichever request commits then. With a
  // commit per request, a larger threshold makes it rarer; journal_size_limit cuts the file
  // back after each checkpoint.
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
}

/** chmod 600 on the database and the SQLite files beside it that exist. */
function restrictToOwner(path: string): void {
  if (process.platform === 'win32') return;
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (file === path || existsSync(file)) chmodSync(file, 0o600);
  }
}
