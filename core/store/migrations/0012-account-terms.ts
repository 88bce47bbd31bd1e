import { sql, type Kysely, type Migration } from 'kysely';

// What an account costs and how much it may use: billing (metered or a flat-rate
// subscription) and its quota windows, for accounts made in the app as for the file's. A
// table of its own, one row per account that has terms, so the connections table and
// everything that reads it stay as they are.
export const migration0012AccountTerms: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('account_terms')
      .addColumn('connection_id', 'text', (c) => c.primaryKey())
      .addColumn('billing', 'text', (c) => c.check(sql`billing IN ('metered', 'subscription')`))
      /** JSON array of quota windows as the config file spells them; NULL: the provider's own. */
      .addColumn('quota', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
