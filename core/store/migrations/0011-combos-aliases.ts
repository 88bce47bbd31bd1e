import { sql, type Kysely, type Migration } from 'kysely';

// Combos and aliases become editable in the app, so they live in the database like
// connections do; `source` tells the config file's entries (read-only in the app, removed
// when the file stops declaring them) from the user's. Custom providers get the same column:
// rows written before it came from a file or an import, and stay the user's to edit.
export const migration0011CombosAliases: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('combos')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('config', 'user')`))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('aliases')
      .addColumn('alias', 'text', (c) => c.primaryKey())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('config', 'user')`))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .alterTable('providers')
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('user').check(sql`source IN ('config', 'user')`))
      .execute();
  },
};
