import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { BoundedBacklog } from './bounded-backlog.js';
import { toRequestLogRow, type RequestLogEntry } from './request-log-entry.js';
import type { RequestLogTable, StoreSchema } from './schema.js';

export interface RequestLogWriterStats {
  /** Entries not yet on disk: queued plus the batch being written. */
  pending: number;
  /** Entries committed so far. */
  written: number;
  /** Committed flush transactions so far (one per flushed batch). */
  transactions: number;
  failedFlushes: number;
  /** Entries discarded because the queue was full (or written after close). */
  dropped: number;
}

export interface RequestLogWriter {
  /**
   * Queues one entry and returns at once; the entry is written by a later flush. The writer
   * owns the object from here on: do not mutate it after the call.
   */
  write(entry: RequestLogEntry): void;
  /** Writes everything queued when called; rejects if a transaction fails (entries are kept). */
  flush(): Promise<void>;
  pending(): number;
  stats(): RequestLogWriterStats;
}

export interface ClosableRequestLogWriter extends RequestLogWriter {
  /** Stops the timers and flushes what is queued; later writes are dropped. */
  close(): Promise<void>;
}

export interface RequestLogWriterOptions {
  db: Kysely<StoreSchema>;
  /**
   * The SQLite connection behind `db`. With it, rows go through one statement prepared once
   * (its SQL still built by Kysely) in one synchronous transaction: a flush then costs
   * microseconds a row instead of compiling and preparing a multi-row INSERT every time.
   */
  sqlite?: SqliteDatabase;
  /** A non-empty queue is flushed at most this long after its first entry. Default 250. */
  flushIntervalMs?: number;
  /** A queue this long is flushed on the next turn of the event loop. Default 200. */
  batchSize?: number;
  /** Queue capacity; beyond it the oldest entries are dropped and counted. Default 50 000. */
  maxQueue?: number;
  /** Upper bound on rows per transaction, so one flush never holds the event loop (or the database) long. Default 1 000. */
  maxRowsPerTransaction?: number;
  /**
   * Called when background flushes start failing (once per streak of failures, not every
   * retry); the entries stay queued for the next attempt. Default: a process warning.
   */
  onError?: (error: unknown) => void;
}

// SQLite allows 32 766 bound parameters per statement and PostgreSQL 65 535; at 17 columns
// a row, 100 rows stay well below both.
const ROWS_PER_STATEMENT = 100;

export function createRequestLogWriter(opts: RequestLogWriterOptions): ClosableRequestLogWriter {
  const db = opts.db;
  const flushIntervalMs = opts.flushIntervalMs ?? 250;
  const batchSize = opts.batchSize ?? 200;
  const maxRowsPerTransaction = opts.maxRowsPerTransaction ?? 1_000;
  const onError = opts.onError ?? warnOnError;
  const backlog = new BoundedBacklog<RequestLogEntry>(opts.maxQueue ?? 50_000);

  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let inFlight: Promise<number> | null = null;
  let inFlightCount = 0;
  let failing = false;
  let streakReported = false;
  let closed = false;
  let droppedAfterClose = 0;
  let written = 0;
  let transactions = 0;
  let failedFlushes = 0;

  function schedule(): void {
    if (closed || backlog.size === 0) return;
    if (!failing && backlog.size >= batchSize && immediate === null && inFlight === null) {
      immediate = setImmediate(() => {
        immediate = null;
        flushInBackground();
      });
      immediate.unref();
    }
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        flushInBackground();
      }, flushIntervalMs);
      timer.unref();
    }
  }

  function flushInBackground(): void {
    flushOnce().catch((error: unknown) => {
      if (streakReported) return;
      streakReported = true;
      onError(error);
    });
  }

  const prepared = opts.sqlite ? prepareInsert(db, opts.sqlite) : undefined;

  async function writeBatch(batch: readonly RequestLogEntry[]): Promise<void> {
    const rows = batch.map(toRequestLogRow);
    if (prepared) return prepared(rows);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('request_log')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          // A request id logged twice must not poison the batch it is in.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    });
  }

  /** One transaction over the oldest queued entries; resolves with how many it wrote. */
  function flushOnce(): Promise<number> {
    if (inFlight !== null) return inFlight;
    if (backlog.size === 0) return Promise.resolve(0);
    const batch = backlog.take(maxRowsPerTransaction);
    inFlightCount = batch.length;
    const flight = writeBatch(batch).then(
      () => {
        written += batch.length;
        transactions += 1;
        failing = false;
        streakReported = false;
        return batch.length;
      },
      (error: unknown) => {
        backlog.restore(batch);
        failedFlushes += 1;
        failing = true;
        throw error;
      },
    );
    inFlight = flight;
    const settle = (): void => {
      inFlight = null;
      inFlightCount = 0;
      schedule();
    };
    flight.then(settle, settle);
    return flight;
  }

  async function flush(): Promise<void> {
    // A batch already in flight holds entries older than anything queued: wait for it. If it
    // failed, its entries are back in the queue and are retried below.
    if (inFlight !== null) await inFlight.catch(() => 0);
    let remaining = backlog.size;
    while (remaining > 0 && backlog.size > 0) {
      remaining -= await flushOnce();
    }
  }

  return {
    write(entry) {
      if (closed) {
        droppedAfterClose += 1;
        return;
      }
      backlog.push(entry);
      schedule();
    },
    flush,
    pending: () => backlog.size + inFlightCount,
    stats: () => ({
      pending: backlog.size + inFlightCount,
      written,
      transactions,
      failedFlushes,
      dropped: backlog.dropped + droppedAfterClose,
    }),
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      if (immediate !== null) clearImmediate(immediate);
      timer = null;
      immediate = null;
      await flush();
    },
  };
}

function warnOnError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`request log flush failed, entries kept for retry: ${message}`, { code: 'OMNIROUTE_REQUEST_LOG' });
}

/**
 * A one-row INSERT compiled by Kysely once and prepared once, run for every row of a batch
 * inside a single better-sqlite3 transaction. Every row has every column (toRequestLogRow
 * sets them all), so the parameters follow the compiled statement's column order.
 */
function prepareInsert(db: Kysely<StoreSchema>, sqlite: SqliteDatabase): (rows: ReadonlyArray<Insertable<RequestLogTable>>) => void {
  const sample = toRequestLogRow({ id: '', ts: 0, clientFormat: '', requestedModel: '', stream: false, status: 0, latencyMs: 0 });
  const columns = Object.keys(sample) as Array<keyof typeof sample>;
  const compiled = db
    .insertInto('request_log')
    .values(sample)
    // A request id logged twice must not poison the batch it is in.
    .onConflict((oc) => oc.column('id').doNothing())
    .compile();
  const statement = sqlite.prepare(compiled.sql);
  return sqlite.transaction((rows: ReadonlyArray<Insertable<RequestLogTable>>) => {
    for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
  });
}
