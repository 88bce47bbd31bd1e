/**
 * The request log lives in its own SQLite file (requests.db), attached to the configuration
 * database's connection as schema `log`. A damaged page in the log used to stop the gateway
 * from starting with "database disk image is malformed", configuration and all; now a
 * damaged log is moved aside, a new one is started, and the configuration is untouched.
 *
 * Queries name the tables without a schema (`request_log`), which SQLite resolves to the
 * attached file once the configuration file holds no such table. The log's tables are
 * created here, versioned by the log file's own user_version, not by the configuration's
 * migrations: a new log file must be creatable at any time, whatever those have done.
 */
import { chmodSync, existsSync, renameSync } from 'node:fs';
import type Database from 'better-sqlite3';

export const REQUEST_LOG_FILE = 'requests.db';
export const LOG_SCHEMA = 'log';
/** The tables the log file holds; old databases and backups hold them in the configuration file. */
export const LOG_TABLES = ['request_log', 'request_bodies'] as const;

/** The log's tables and indexes, in `schema`: `log` for the live log, `main` inside a backup file. */
export function logTablesSql(schema: string): string {
  return `
    CREATE TABLE IF NOT EXISTS ${schema}."request_log" ("id" text primary key, "ts" bigint not null, "client_format" text not null,
      "requested_model" text not null, "provider_id" text, "connection_id" text, "upstream_model" text, "upstream_format" text,
      "stream" integer not null, "status" integer not null, "latency_ms" integer not null, "ttft_ms" integer, "input_tokens" integer,
      "output_tokens" integer, "cached_tokens" integer, "reasoning_tokens" integer, "error_code" text,
      "attempts" integer default 0 not null, "fallbacks" integer default 0 not null, "key_label" text, "cache_write_tokens" integer,
      "cost_usd" double precision, "usage_estimated" integer default 0 not null, "warnings" text, "endpoint" text, "attempt_list" text);
    CREATE INDEX IF NOT EXISTS ${schema}."request_log_ts_idx" on "request_log" ("ts");
    CREATE INDEX IF NOT EXISTS ${schema}."request_log_connection_ts_idx" on "request_log" ("connection_id", "ts");
    CREATE INDEX IF NOT EXISTS ${schema}."request_log_key_ts_idx" on "request_log" ("key_label", "ts") where "key_label" is not null;
    CREATE TABLE IF NOT EXISTS ${schema}."request_bodies" ("request_id" text not null, "kind" text not null, "ts" bigint not null,
      "body" text not null, "truncated" integer default 0 not null, constraint "request_bodies_pk" primary key ("request_id", "kind"));
  `;
}

/** How far back the gateway's start reads the log: a calendar month and a day of slack. */
const START_READ_WINDOW_MS = 32 * 24 * 3_600_000;

/** The version logTablesSql creates; a later change to the log's tables adds a step and bumps it. */
const LOG_VERSION = 2;

/**
 * Steps from one log version to the next: LOG_STEPS[v - 1] takes a version-v file to v + 1.
 * Each appends columns at the end, in logTablesSql's order, so a backup's `SELECT *` copy
 * (backup.ts) lines up with a new file's columns.
 */
const LOG_STEPS: ReadonlyArray<(sqlite: Database.Database) => void> = [
  // 1 → 2: each request's upstream attempts (logged-attempts.ts); NULL in older rows.
  (sqlite) => addColumnIfMissing(sqlite, 'request_log', 'attempt_list', 'text'),
];

/** ALTER TABLE … ADD COLUMN, skipped when the column is there already (SQLite has no IF NOT EXISTS for it). */
function addColumnIfMissing(sqlite: Database.Database, table: string, column: string, type: string): void {
  const columns: unknown = sqlite.pragma(`${LOG_SCHEMA}.table_info(${table})`);
  const has = Array.isArray(columns) && columns.some((c: unknown) => typeof c === 'object' && c !== null && 'name' in c && c.name === column);
  if (has) return;
  sqlite.exec(`ALTER TABLE ${LOG_SCHEMA}."${table}" ADD COLUMN "${column}" ${type}`);
}

/** SQLite's words for a file that is damaged or is no database at all. */
export function isDamagedDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

/**
 * Attaches the log file (creating it) and makes sure its tables exist. Reads the log's
 * header and schema, so a file that is no database, or whose schema page is damaged, throws
 * here (see isDamagedDatabaseError) rather than at the first request.
 */
export function attachRequestLog(sqlite: Database.Database, path: string, now: number = Date.now()): void {
  const created = !existsSync(path);
  sqlite.prepare(`ATTACH DATABASE ? AS ${LOG_SCHEMA}`).run(path);
  try {
    if (process.platform !== 'win32') chmodSync(path, 0o600);
    // Pages freed by retention go back to the file system; SQLite takes this only before the first table.
    if (created) sqlite.pragma(`${LOG_SCHEMA}.auto_vacuum = INCREMENTAL`);
    const mode: unknown = sqlite.pragma(`${LOG_SCHEMA}.journal_mode = WAL`, { simple: true });
    if (mode !== 'wal') throw new Error(`cannot switch ${path} to WAL mode (journal_mode is ${String(mode)})`);
    sqlite.pragma(`${LOG_SCHEMA}.synchronous = NORMAL`);
    sqlite.pragma(`${LOG_SCHEMA}.journal_size_limit = ${16 * 1024 * 1024}`);
    const version = Number(sqlite.pragma(`${LOG_SCHEMA}.user_version`, { simple: true }));
    if (version < LOG_VERSION) {
      sqlite.transaction(() => {
        // A new file gets the latest tables at once; an older one is stepped up from its
        // version. The steps skip what is there already, so running them on a new file is harmless.
        if (version === 0) sqlite.exec(logTablesSql(LOG_SCHEMA));
        for (let v = Math.max(version, 1); v < LOG_VERSION; v++) LOG_STEPS[v - 1]!(sqlite);
        sqlite.pragma(`${LOG_SCHEMA}.user_version = ${LOG_VERSION}`);
      })();
    }
    // Reads what the gateway reads at start (this month's rows, for spend and quota windows),
    // so damage there is found here, where it can be handled, not halfway through start.
    // Older pages are left to the background integrity check (integrity-watch.ts).
    sqlite.prepare(`SELECT max(rowid), max(ts) FROM ${LOG_SCHEMA}.request_log`).get();
    sqlite.prepare(`SELECT count(*), total(cost_usd), total(input_tokens) FROM ${LOG_SCHEMA}.request_log WHERE ts >= ?`).get(now - START_READ_WINDOW_MS);
    sqlite.prepare(`SELECT count(*) FROM ${LOG_SCHEMA}.request_bodies WHERE request_id = ''`).get();
  } catch (error) {
    detachRequestLog(sqlite);
    throw error;
  }
}

export function detachRequestLog(sqlite: Database.Database): void {
  try {
    sqlite.exec(`DETACH DATABASE ${LOG_SCHEMA}`);
  } catch {
    // Not attached.
  }
}

/**
 * Moves a damaged log file (and its -wal and -shm) aside, so a new one can start; returns
 * where it went. Nothing is deleted: the user may still want to salvage it.
 */
export function moveLogAside(path: string, now: number): string {
  const aside = `${path}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

/**
 * Moves log tables left in the configuration file (by a database from before the split, or by
 * a restored backup, which holds the log inside its one file) into the log file, replacing
 * what it held, and drops them from the configuration file. Columns both sides have are
 * copied; one the log file has and the old table lacks takes its default.
 */
export function absorbLogTables(sqlite: Database.Database): boolean {
  const present = (schema: string, table: string) =>
    sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
  if (!LOG_TABLES.some((t) => present('main', t))) return false;
  sqlite.transaction(() => {
    for (const table of LOG_TABLES) {
      if (!present('main', table)) continue;
      const columns = (schema: string) => (sqlite.pragma(`${schema}.table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);
      const live = new Set(columns(LOG_SCHEMA));
      const shared = columns('main').filter((c) => live.has(c)).map((c) => `"${c}"`).join(', ');
      sqlite.exec(`DELETE FROM ${LOG_SCHEMA}."${table}"`);
      sqlite.exec(`INSERT INTO ${LOG_SCHEMA}."${table}" (${shared}) SELECT ${shared} FROM main."${table}"`);
      sqlite.exec(`DROP TABLE main."${table}"`);
    }
  })();
  return true;
}
