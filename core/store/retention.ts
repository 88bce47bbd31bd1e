import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { sql } from 'kysely';
import type { Compilable, Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_MAX_ROWS = 1_000_000;
export const DEFAULT_PRUNE_INTERVAL_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  db: Kysely<StoreSchema>;
  /** The connection behind `db`: every batch runs as one synchronous transaction on it. */
  sqlite: SqliteDatabase;
  /** Clock, ms since the epoch. */
  now: () => number;
  /** Rows older than this go. Default 30. A function is read at each prune (a setting edited in the app). */
  retentionDays?: number | (() => number);
  /** Rows beyond this count go, oldest first. Default 1 000 000. */
  maxRows?: number;
  /**
   * Rows from this time on are kept whatever their age: budgets and quota windows are read
   * back from them after a restart (the gateway passes the start of the current UTC month).
   */
  keepSince?: () => number;
  /** Rows deleted per transaction. Default 500. */
  batchSize?: number;
  /** Time between prunes once started. Default 60 s. */
  intervalMs?: number;
  /** A failing prune is reported once per streak of failures. Default: a process warning. */
  onError?: (error: unknown) => void;
}

export interface PruneReport {
  /** request_log rows deleted (their captured bodies went with them). */
  deleted: number;
}

export interface Retention {
  /** Prunes now (a prune already running is joined, not doubled). */
  prune(): Promise<PruneReport>;
  /** Prunes at once and then every intervalMs, on an unref'd timer. */
  start(): void;
  /** Stops the timer and waits for a running prune to stop at its next batch. */
  stop(): Promise<void>;
}

// Pages handed back to the file system per step, so a large vacuum yields between steps.
const VACUUM_PAGES_PER_STEP = 2_000;

/**
 * Keeps the request log within its age and row limits. Deletes run in small batches, each
 * one synchronous transaction on the same connection as the log writer (so no writer commit
 * ever lands inside a prune's transaction), with a turn of the event loop between batches.
 */
export function createRetention(opts: RetentionOptions): Retention {
  const { db, sqlite } = opts;
  const retentionMs = (): number => {
    const days = typeof opts.retentionDays === 'function' ? opts.retentionDays() : opts.retentionDays;
    return (days ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  };
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const batchSize = opts.batchSize ?? 500;
  const intervalMs = opts.intervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  const onError = opts.onError ?? warnOnError;
  const statements = new Map<string, Statement>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PruneReport> | null = null;
  let stopped = false;
  let reported = false;

  /** Runs a query compiled by Kysely through a statement prepared once per SQL text. */
  function run(query: Compilable, mode: 'run' | 'get'): unknown {
    const compiled = query.compile();
    let statement = statements.get(compiled.sql);
    if (!statement) {
      statement = sqlite.prepare(compiled.sql);
      statements.set(compiled.sql, statement);
    }
    return mode === 'get' ? statement.get(...compiled.parameters) : statement.run(...compiled.parameters).changes;
  }

  /** Deletes up to `limit` of the oldest rows (older than `before`, when given) and their bodies. */
  const deleteOldest = sqlite.transaction((limit: number, before: number | undefined): number => {
    let oldest = db.selectFrom('request_log').select('id').orderBy('ts').limit(limit);
    if (before !== undefined) oldest = oldest.where('ts', '<', before);
    run(db.deleteFrom('request_bodies').where('request_id', 'in', oldest), 'run');
    return Number(run(db.deleteFrom('request_log').where('id', 'in', oldest), 'run'));
  });

  function rowCount(): number {
    const row = run(db.selectFrom('request_log').select((eb) => eb.fn.countAll<number>().as('n')), 'get') as { n: number } | undefined;
    return Number(row?.n ?? 0);
  }

  /**
   * At least the row count, read from the two ends of SQLite's rowid index instead of
   * counting a million rows every minute: rows are appended and pruned oldest first, so the
   * span of rowids is close to the count. Only a span over the limit gets an exact count.
   */
  function rowSpan(): number {
    const span = db.selectFrom('request_log').select(sql<number | null>`max(rowid) - min(rowid) + 1`.as('n'));
    const row = run(span, 'get') as { n: number | null } | undefined;
    return Number(row?.n ?? 0);
  }

  async function pruneOnce(): Promise<PruneReport> {
    let deleted = 0;
    const cutoff = Math.min(opts.now() - retentionMs(), opts.keepSince?.() ?? Number.POSITIVE_INFINITY);
    for (;;) {
      if (stopped) return { deleted };
      const n = deleteOldest(batchSize, cutoff);
      deleted += n;
      if (n < batchSize) break;
      await nextTurn();
    }
    let excess = rowSpan() > maxRows ? rowCount() - maxRows : 0;
    while (excess > 0 && !stopped) {
      const n = deleteOldest(Math.min(batchSize, excess), undefined);
      if (n === 0) break;
      deleted += n;
      excess -= n;
      await nextTurn();
    }
    if (deleted > 0) await shrink();
    return { deleted };
  }

  // Freed pages go back to the file system (auto_vacuum = INCREMENTAL, see applyPragmas in
  // index.ts) and the WAL file is truncated, so the files shrink after a prune. A log at its
  // limit frees a few pages a minute that the next inserts reuse: handing those back and
  // growing again would be churn, so only a tenth of the file or more is returned.
  async function shrink(): Promise<void> {
    const free = Number(sqlite.pragma('log.freelist_count', { simple: true }));
    if (free < Number(sqlite.pragma('log.page_count', { simple: true })) / 10) return;
    while (!stopped && Number(sqlite.pragma('log.freelist_count', { simple: true })) > 0) {
      sqlite.pragma(`log.incremental_vacuum(${VACUUM_PAGES_PER_STEP})`);
      // Without auto_vacuum the pragma frees nothing: do not spin.
      if (Number(sqlite.pragma('log.auto_vacuum', { simple: true })) !== 2) break;
      await nextTurn();
    }
    if (!stopped) sqlite.pragma('log.wal_checkpoint(TRUNCATE)');
  }

  function prune(): Promise<PruneReport> {
    running ??= pruneOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function tick(): void {
    prune().then(
      () => {
        reported = false;
      },
      (error: unknown) => {
        if (reported) return;
        reported = true;
        onError(error);
      },
    );
  }

  return {
    prune,
    start() {
      if (timer !== null || stopped) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

function warnOnError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`request log retention failed, retrying on the next run: ${message}`, { code: 'OMNIROUTE_REQUEST_LOG' });
}
