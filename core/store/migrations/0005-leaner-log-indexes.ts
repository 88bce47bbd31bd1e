import { sql, type Kysely, type Migration } from 'kysely';

// Every request-log row is inserted into each index of its table, on the request's commit.
// The key index only serves rows that carry a gateway key, so rows without one (every row on
// a gateway without keys) skip it; captured bodies are deleted by request id, never by time.
export const migration0005LeanerLogIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('request_log_key_ts_idx').execute();
    await db.schema
      .createIndex('request_log_key_ts_idx')
      .on('request_log')
      .columns(['key_label', 'ts'])
      .where(sql.ref('key_label'), 'is not', null)
      .execute();
    await db.schema.dropIndex('request_bodies_ts_idx').execute();
  },
};
