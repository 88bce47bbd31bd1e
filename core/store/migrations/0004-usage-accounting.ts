import type { Kysely, Migration } from 'kysely';

// A request's row holds which gateway key sent it, cache writes, what it cost and whether its
// token counts were estimated (a stream cut short without the upstream's usage). Captured
// bodies live in their own table so the log rows stay narrow and fast to scan.
export const migration0004UsageAccounting: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('request_log').addColumn('key_label', 'text').execute();
    await db.schema.alterTable('request_log').addColumn('cache_write_tokens', 'integer').execute();
    await db.schema.alterTable('request_log').addColumn('cost_usd', 'double precision').execute();
    await db.schema.alterTable('request_log').addColumn('usage_estimated', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // Quota counting per account and spend per key read time ranges of one account or key.
    await db.schema.createIndex('request_log_connection_ts_idx').on('request_log').columns(['connection_id', 'ts']).execute();
    await db.schema.createIndex('request_log_key_ts_idx').on('request_log').columns(['key_label', 'ts']).execute();

    await db.schema
      .createTable('request_bodies')
      .addColumn('request_id', 'text', (c) => c.notNull())
      /** client_request | upstream_request | upstream_response | client_response */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      /** 1 when the body was cut at the configured size cap. */
      .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('request_bodies_pk', ['request_id', 'kind'])
      .execute();
    await db.schema.createIndex('request_bodies_ts_idx').on('request_bodies').column('ts').execute();
  },
};
