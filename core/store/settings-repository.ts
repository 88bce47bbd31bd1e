import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface SettingsRepository {
  /**
   * The stored JSON value. T is the caller's claim about what it stored under this key;
   * values that come from an older version should still be validated by the caller.
   */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores any JSON-serialisable value; `undefined` deletes the key. */
  set(key: string, value: unknown): Promise<void>;
  /** Every stored setting, ordered by key (for export). */
  list(): Promise<Array<{ key: string; value: unknown }>>;
}

export function createSettingsRepository(opts: { db: Kysely<StoreSchema> }): SettingsRepository {
  const { db } = opts;
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      if (row === undefined) return undefined;
      return parseStoredJson(row.value, `setting "${key}"`) as T;
    },

    async list() {
      const rows = await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
      return rows.map((row) => ({ key: row.key, value: parseStoredJson(row.value, `setting "${row.key}"`) }));
    },

    async set(key, value) {
      if (value === undefined) {
        await db.deleteFrom('settings').where('key', '=', key).execute();
        return;
      }
      const json = stringifyForStore(value, `setting "${key}"`);
      await db
        .insertInto('settings')
        .values({ key, value: json })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
        .execute();
    },
  };
}
