import { sql, type Kysely, type Migration } from 'kysely';

// What routing learned about failing upstreams (cooldowns, breaker states, learned limits),
// kept so a restart neither forgets an outage nor hammers an account that is out of quota.
// A row is keyed by (kind, key): one scope key such as `account:<id>` can carry a cooldown, a
// breaker and a limit at once.
export const migration0002RoutingState: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('routing_state')
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cooldown', 'breaker', 'limit')`))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('routing_state_pk', ['kind', 'key'])
      .execute();
  },
};
