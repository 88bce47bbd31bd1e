import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { createConnectionRepository, type ConnectionRepository } from './connection-repository.js';
import { createCustomProviderRepository, type CustomProviderRepository } from './custom-provider-repository.js';
import { migrationProvider } from './migrations/index.js';
import { createRequestLogQuery, type RequestLogQuery } from './request-log-query.js';
import { createRequestLogWriter, type RequestLogWriter, type RequestLogWriterOptions } from './request-log-writer.js';
import { createRoutingStateRepository, type RoutingStateRepository } from './routing-state-repository.js';
import type { StoreSchema } from './schema.js';
import { createSettingsRepository, type SettingsRepository } from './settings-repository.js';

export type { ConnectionInput, ConnectionRepository, ConnectionRow } from './connection-repository.js';
export type { CustomProviderRepository, StoredCustomProvider } from './custom-provider-repository.js';
export type { RequestLogEntry } from './request-log-entry.js';
export type { RequestLogQuery } from './request-log-query.js';
export type { RequestLogWriter, RequestLogWriterStats } from './request-log-writer.js';
export { ROUTING_STATE_KINDS } from './routing-state-repository.js';
export type { RoutingStateKind, RoutingStateRepository, RoutingStateRow } from './routing-state-repository.js';
export type { ConnectionSource } from './schema.js';
export type { SettingsRepository } from './settings-repository.js';

export interface Store {
  /** Absolute path of the database file. */
  readonly path: string;
  connections: ConnectionRepository;
  providers: CustomProviderRepository;
  settings: SettingsRepository;
  requestLog: RequestLogWriter;
  requestLogs: RequestLogQuery;
  /** Cooldowns, breaker states and learned limits, so they survive a restart. */
  routingState: RoutingStateRepository;
  /** Flushes the request-log writer, then closes the database. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Default 'omniroute.db'. */
  fileName?: string;
  /** Clock for created_at/updated_at, ms since the epoch. Default Date.now. */
  now?: () => number;
  requestLog?: Omit<RequestLogWriterOptions, 'db'>;
}

export const MIGRATION_TABLE = 'kysely_migration';

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const path = join(opts.dataDir, opts.fileName ?? 'omniroute.db');
  const sqlite = new Database(path);
  try {
    applyPragmas(sqlite, path);
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

  const now = opts.now ?? Date.now;
  const requestLog = createRequestLogWriter({ ...opts.requestLog, db, sqlite });
  let closing: Promise<void> | null = null;

  return {
    path,
    connections: createConnectionRepository({ db, now }),
    providers: createCustomProviderRepository({ db, now }),
    settings: createSettingsRepository({ db }),
    requestLog: {
      write: requestLog.write,
      flush: requestLog.flush,
      pending: requestLog.pending,
      stats: requestLog.stats,
    },
    requestLogs: createRequestLogQuery({ db }),
    routingState: createRoutingStateRepository({ db }),
    close() {
      closing ??= (async () => {
        try {
          await requestLog.close();
        } finally {
          await db.destroy();
        }
      })();
      return closing;
    },
  };
}

// Raw SQL is confined to here and to migrations: pragmas are SQLite's own configuration and
// have no query-builder form.
function applyPragmas(sqlite: Database.Database, path: string): void {
  // WAL lets the dashboard read while the writer commits; it needs a real file, not ':memory:'.
  const mode: unknown = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`cannot switch ${path} to WAL mode (journal_mode is ${String(mode)})`);
  // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
}
