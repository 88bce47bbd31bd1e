import type { Kysely } from 'kysely';
import type { ConnectionSource, StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface StoredCustomProvider {
  id: string;
  /** Stored as JSON; the caller validates it into a provider descriptor. */
  descriptor: unknown;
  /** 'config': declared in the config file (read-only in the app). */
  source: ConnectionSource;
}

export interface CustomProviderRepository {
  /** Ordered by id. */
  list(): Promise<StoredCustomProvider[]>;
  /** Without `source`, an existing row keeps its own and a new row is the user's. */
  upsert(id: string, descriptor: unknown, source?: ConnectionSource): Promise<void>;
  /** Returns false when no such provider exists. */
  remove(id: string): Promise<boolean>;
}

export function createCustomProviderRepository(opts: {
  db: Kysely<StoreSchema>;
  now: () => number;
}): CustomProviderRepository {
  const { db, now } = opts;
  return {
    async list() {
      const rows = await db.selectFrom('providers').select(['id', 'descriptor', 'source']).orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, descriptor: parseStoredJson(row.descriptor, `provider "${row.id}"`), source: row.source }));
    },

    async upsert(id, descriptor, source) {
      const ts = now();
      const json = stringifyForStore(descriptor, `provider "${id}"`);
      await db
        .insertInto('providers')
        .values({ id, descriptor: json, source: source ?? 'user', created_at: ts, updated_at: ts })
        .onConflict((oc) => oc.column('id').doUpdateSet({ descriptor: json, updated_at: ts, ...(source ? { source } : {}) }))
        .execute();
    },

    async remove(id) {
      const result = await db.deleteFrom('providers').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
