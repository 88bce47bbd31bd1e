import type { Kysely, Migration } from 'kysely';

// Each request now records how many upstream calls it took and how many of them failed
// over to the next candidate, so the log shows when routing saved a request.
export const migration0003RequestLogAttempts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('request_log').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('request_log').addColumn('fallbacks', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};
