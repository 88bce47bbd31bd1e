import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import type { ReadWorker } from './read-worker.js';
import type { StoreSchema } from './schema.js';

/** A connection that sends each compiled query to the read worker. */
class WorkerConnection implements DatabaseConnection {
  constructor(private readonly worker: ReadWorker) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.worker.all(query.sql, query.parameters)) as R[] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the read-only store does not stream');
  }
}

class WorkerDriver implements Driver {
  private readonly connection: WorkerConnection;

  constructor(private readonly worker: ReadWorker) {
    this.connection = new WorkerConnection(worker);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('the read-only store has no transactions');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.worker.close();
  }
}

/**
 * The store's schema over the read worker: dashboard queries (analytics, log pages, captured
 * bodies) are built with Kysely as everywhere else and run off the event loop.
 */
export function createReadOnlyKysely(worker: ReadWorker): Kysely<StoreSchema> {
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WorkerDriver(worker),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  return new Kysely<StoreSchema>({ dialect });
}
