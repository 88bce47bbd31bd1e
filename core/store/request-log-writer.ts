import type { Database as SqliteDatabase } from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Insertable, Kysely } from 'kysely';
import { BoundedBacklog } from './bounded-backlog.js';
import { toRequestLogRow, type RequestLogEntry } from './request-log-entry.js';
import type { RequestBodiesTable, RequestLogTable, StoreSchema } from './schema.js';

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
  /**
   * Resolves once every entry written so far is committed (or was dropped, or a flush
   * failed: a caller waiting on the log must never hang on a broken disk). With `durable`
   * the commit happens on the next turn of the event loop.
   */
  committed(): Promise<void>;
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
  /**
   * Commit on the next turn of the event loop instead of after flushIntervalMs, so a caller
   * can hold a response until its row is on disk (group commit: one transaction for every
   * request that finished in the same turn).
   */
  durable?: boolean;
  /** Upper bound on rows per transaction, so one flush never holds the event loop (or the database) long. Default 1 000. */
  maxRowsPerTransaction?: number;
  /**
   * Called when background flushes start failing (once per streak of failures, not every
   * retry); the entries stay queued for the next attempt. Default: a process warning.
   */
  onError?: (error: unknown) => void;
}

// SQLite allows 32 766 bound parameters per statement and PostgreSQL 65 535; at 26 columns
// a row, 100 rows stay well below both.
const ROWS_PER_STATEMENT = 100;
const TRANSACTION_POLL_MS = 2;

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
  const durable = opts.durable === true;
  // Entries are committed in the order they were written, so "the first n are done" is one
  // counter: written plus dropped. A waiter asks for everything up to its sequence number.
  let enqueued = 0;
  const waiters: Array<{ seq: number; resolve: () => void }> = [];

  function release(all: boolean): void {
    const done = written + backlog.dropped + droppedAfterClose;
    let n = 0;
    while (n < waiters.length && (all || waiters[n]!.seq <= done)) waiters[n++]!.resolve();
    if (n > 0) waiters.splice(0, n);
  }

  function schedule(): void {
    if (closed || backlog.size === 0) return;
    if (!failing && (durable || backlog.size >= batchSize) && immediate === null && inFlight === null) {
      immediate = setImmediate(() => {
        immediate = null;
        flushInBackground();
      });
      // A durable commit has callers waiting on it: an unreferenced immediate would not stop
      // the event loop from blocking in its poll phase until some other event came along.
      if (!durable) immediate.unref();
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
    const bodies = toBodyRows(batch);
    // SQLite nests a transaction begun inside another on the same connection as a savepoint:
    // while an asynchronous (Kysely) transaction is open, such as a config import, these rows
    // would join it and vanish with its rollback. Wait for it to end; it is short.
    while (opts.sqlite?.inTransaction) await sleep(TRANSACTION_POLL_MS);
    if (prepared) return prepared(rows, bodies);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('request_log')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          // A request id logged twice must not poison the batch it is in.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      for (let i = 0; i < bodies.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('request_bodies')
          .values(bodies.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
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
    const settle = (ok: boolean): void => {
      inFlight = null;
      inFlightCount = 0;
      release(!ok);
      schedule();
    };
    flight.then(
      () => settle(true),
      () => settle(false),
    );
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
      enqueued += 1;
      backlog.push(entry);
      if (backlog.dropped > 0 && waiters.length > 0) release(false);
      schedule();
    },
    committed() {
      const seq = enqueued;
      if (written + backlog.dropped + droppedAfterClose >= seq) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push({ seq, resolve });
      });
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
      try {
        await flush();
      } finally {
        release(true);
      }
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
function prepareInsert(
  db: Kysely<StoreSchema>,
  sqlite: SqliteDatabase,
): (rows: ReadonlyArray<Insertable<RequestLogTable>>, bodies: ReadonlyArray<BodyRow>) => void {
  const sample = toRequestLogRow({ id: '', ts: 0, clientFormat: '', requestedModel: '', stream: false, status: 0, latencyMs: 0 });
  const columns = Object.keys(sample) as Array<keyof typeof sample>;
  const compiled = db
    .insertInto('request_log')
    .values(sample)
    // A request id logged twice must not poison the batch it is in.
    .onConflict((oc) => oc.column('id').doNothing())
    .compile();
  const statement = sqlite.prepare(compiled.sql);
  const bodySample: BodyRow = { request_id: '', kind: 'client_request', ts: 0, body: '', truncated: 0 };
  const bodyColumns = Object.keys(bodySample) as Array<keyof BodyRow>;
  const bodyStatement = sqlite.prepare(
    db
      .insertInto('request_bodies')
      .values(bodySample)
      .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
      .compile().sql,
  );
  return sqlite.transaction((rows: ReadonlyArray<Insertable<RequestLogTable>>, bodies: ReadonlyArray<BodyRow>) => {
    for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
    for (const body of bodies) bodyStatement.run(bodyColumns.map((c) => body[c]));
  });
}

type BodyRow = Insertable<RequestBodiesTable> & { truncated: number };

/** The captured bodies of a batch, stamped with their request's id and time. */
function toBodyRows(batch: readonly RequestLogEntry[]): BodyRow[] {
  const out: BodyRow[] = [];
  for (const entry of batch) {
    if (!entry.bodies) continue;
    const ts = Number.isFinite(entry.ts) ? Math.trunc(entry.ts) : 0;
    for (const b of entry.bodies) out.push({ request_id: entry.id, kind: b.kind, ts, body: b.body, truncated: b.truncated ? 1 : 0 });
  }
  return out;
}
