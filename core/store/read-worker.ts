import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How long an unused worker lives: dashboards ask in bursts, and a worker costs memory. */
const DEFAULT_IDLE_MS = 60_000;

/**
 * Runs read queries on a read-only connection in a worker thread. better-sqlite3 is
 * synchronous, so a dashboard query over a month of logs run on the serving connection held
 * the event loop for seconds, and with it every stream and every response end. WAL lets this
 * second connection read while the serving one commits.
 */
export interface ReadWorker {
  all(sql: string, parameters: readonly unknown[]): Promise<unknown[]>;
  /** Ends the current worker; the next query starts a new one (on files that may have changed). */
  restart(): Promise<void>;
  /** Ends it for good: a query after this is refused rather than starting a worker on closed files. */
  close(): Promise<void>;
}

// Evaluated from a string so that bundling the main process needs no separate worker file;
// better-sqlite3 is loaded from the path the main thread resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
// Attached on a read-only connection, the log is read-only too.
if (workerData.logPath) db.prepare('ATTACH DATABASE ? AS log').run(workerData.logPath);
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    parentPort.postMessage({ id, rows: db.prepare(sql).all(...parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

type Answer = { id: number; rows: unknown[] } | { id: number; error: string };

export function createReadWorker(opts: { path: string; logPath?: string; idleMs?: number }): ReadWorker {
  const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 0;

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const armIdle = (w: Worker): void => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      if (pending.size > 0) armIdle(w);
      else void w.terminate();
    }, idleMs).unref();
  };

  const start = (): Worker => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: opts.path, logPath: opts.logPath } });
    w.on('message', (answer: Answer) => {
      const p = pending.get(answer.id);
      if (!p) return;
      pending.delete(answer.id);
      if ('error' in answer) p.reject(new Error(answer.error));
      else p.resolve(answer.rows);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('the read worker stopped'));
    });
    return w;
  };

  let closed = false;
  const stop = async () => {
    if (idle) clearTimeout(idle);
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
  };

  return {
    all(sql, parameters) {
      if (closed) return Promise.reject(new Error('the store is closed'));
      worker ??= start();
      const w = worker;
      // Referenced while a query is out, so a caller awaiting it keeps the process alive.
      w.ref();
      armIdle(w);
      const id = nextId++;
      return new Promise<unknown[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, sql, parameters });
      });
    },
    restart: stop,
    async close() {
      closed = true;
      await stop();
    },
  };
}
