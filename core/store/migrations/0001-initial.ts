import { sql, type Kysely, type Migration } from 'kysely';

// Migrations take Kysely<unknown>: they describe the schema as it was when they were written,
// so they must not depend on today's StoreSchema type. Only the schema builder is used here,
// which compiles for SQLite now and PostgreSQL later.
export const migration0001Initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('providers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('descriptor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('provider_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(100))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('base_url', 'text')
      .addColumn('secret_ref', 'text')
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('config', 'user')`))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('connections_provider_label_unique', ['provider_id', 'label'])
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('request_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('client_format', 'text', (c) => c.notNull())
      .addColumn('requested_model', 'text', (c) => c.notNull())
      .addColumn('provider_id', 'text')
      .addColumn('connection_id', 'text')
      .addColumn('upstream_model', 'text')
      .addColumn('upstream_format', 'text')
      .addColumn('stream', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('ttft_ms', 'integer')
      .addColumn('input_tokens', 'integer')
      .addColumn('output_tokens', 'integer')
      .addColumn('cached_tokens', 'integer')
      .addColumn('reasoning_tokens', 'integer')
      .addColumn('error_code', 'text')
      .execute();

    await db.schema.createIndex('request_log_ts_idx').on('request_log').column('ts').execute();
  },
};

