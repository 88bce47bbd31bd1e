import type { Kysely } from 'kysely';
import type { ConnectionSource, StoreSchema } from './schema.js';

export interface StoredAlias {
  from: string;
  to: string;
  source: ConnectionSource;
}

export interface AliasRepository {
  /** Ordered by the name clients use. */
  list(): Promise<StoredAlias[]>;
  set(from: string, to: string, source: ConnectionSource): Promise<void>;
  remove(from: string): Promise<boolean>;
}

export function createAliasRepository(opts: { db: Kysely<StoreSchema>; now: () => number }): AliasRepository {
  const { db, now } = opts;
  return {
    async list() {
      const rows = await db.selectFrom('aliases').select(['alias', 'target', 'source']).orderBy('alias').execute();
      return rows.map((row) => ({ from: row.alias, to: row.target, source: row.source }));
    },

    async set(from, to, source) {
      const ts = now();
      await db
        .insertInto('aliases')
        .values({ alias: from, target: to, source, created_at: ts, updated_at: ts })
        .onConflict((oc) => oc.column('alias').doUpdateSet({ target: to, source, updated_at: ts }))
        .execute();
    },

    async remove(from) {
      const result = await db.deleteFrom('aliases').where('alias', '=', from).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
