import { sql, type Kysely, type Migration } from 'kysely';

// An account whose key the provider refused (401/403) is its own routing state, `key_rejected`,
// not an hour-long cooldown labelled as a rate limit. The kind column's check constraint
// (0002) lists the kinds, and neither SQLite nor an unnamed PostgreSQL constraint can be
// altered in place, so the table is rebuilt with the wider list and its rows copied over.
export const migration0008RoutingKeyRejected: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('routing_state_next')
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cooldown', 'breaker', 'limit', 'key_rejected')`))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('routing_state_next_pk', ['kind', 'key'])
      .execute();
    await sql`insert into "routing_state_next" ("kind", "key", "state", "updated_at") select "kind", "key", "state", "updated_at" from "routing_state"`.execute(db);
    await db.schema.dropTable('routing_state').execute();
    await db.schema.alterTable('routing_state_next').renameTo('routing_state').execute();
  },
};
