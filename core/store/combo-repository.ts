import type { Kysely } from 'kysely';
import type { ConnectionSource, StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface StoredCombo {
  name: string;
  /** Stored as JSON; the caller validates it with the config file's combo schema. */
  definition: unknown;
  source: ConnectionSource;
  createdAt: number;
  updatedAt: number;
}

export interface ComboRepository {
  /** In the order they were made. */
  list(): Promise<StoredCombo[]>;
  upsert(name: string, definition: unknown, source: ConnectionSource): Promise<void>;
  /** Renames in place, keeping the creation time and so the combo's place in the list. */
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<boolean>;
}

export function createComboRepository(opts: { db: Kysely<StoreSchema>; now: () => number }): ComboRepository {
  const { db, now } = opts;
  return {
    async list() {
      const rows = await db.selectFrom('combos').selectAll().orderBy('created_at').orderBy('name').execute();
      return rows.map((row) => ({
        name: row.name,
        definition: parseStoredJson(row.definition, `combo "${row.name}"`),
        source: row.source,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      }));
    },

    async upsert(name, definition, source) {
      const ts = now();
      const json = stringifyForStore(definition, `combo "${name}"`);
      await db
        .insertInto('combos')
        .values({ name, definition: json, source, created_at: ts, updated_at: ts })
        .onConflict((oc) => oc.column('name').doUpdateSet({ definition: json, source, updated_at: ts }))
        .execute();
    },

    async rename(from, to) {
      await db.updateTable('combos').set({ name: to, updated_at: now() }).where('name', '=', from).execute();
    },

    async remove(name) {
      const result = await db.deleteFrom('combos').where('name', '=', name).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
