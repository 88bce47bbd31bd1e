import { sql, type Kysely, type Migration } from 'kysely';

// Every change made through the control API: who, what, when, never a secret.
export const migration0009AuditLog: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
      .execute();
    await db.schema.createIndex('audit_log_ts_idx').on('audit_log').column('ts').execute();
  },
};
