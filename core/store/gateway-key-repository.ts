import type { Kysely, Selectable } from 'kysely';
import type { GatewayKeysTable, StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface StoredGatewayKey {
  id: string;
  label: string;
  hash: string;
  hint: string;
  scopes: string[];
  expiresAt: number | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface GatewayKeyRepository {
  list(): Promise<StoredGatewayKey[]>;
  insert(key: StoredGatewayKey): Promise<void>;
  /** Changes what is given; returns false when no such key. */
  update(id: string, change: Partial<Pick<StoredGatewayKey, 'label' | 'hash' | 'hint' | 'scopes' | 'expiresAt' | 'revokedAt'>>): Promise<boolean>;
}

export function createGatewayKeyRepository(opts: { db: Kysely<StoreSchema> }): GatewayKeyRepository {
  const { db } = opts;
  return {
    async list() {
      return (await db.selectFrom('gateway_keys').selectAll().orderBy('created_at').execute()).map(toKey);
    },
    async insert(key) {
      await db
        .insertInto('gateway_keys')
        .values({
          id: key.id,
          label: key.label,
          hash: key.hash,
          hint: key.hint,
          scopes: stringifyForStore(key.scopes, 'key scopes'),
          expires_at: key.expiresAt,
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute();
    },
    async update(id, change) {
      const set: Partial<Selectable<GatewayKeysTable>> = {};
      if (change.label !== undefined) set.label = change.label;
      if (change.hash !== undefined) set.hash = change.hash;
      if (change.hint !== undefined) set.hint = change.hint;
      if (change.scopes !== undefined) set.scopes = stringifyForStore(change.scopes, 'key scopes');
      if (change.expiresAt !== undefined) set.expires_at = change.expiresAt;
      if (change.revokedAt !== undefined) set.revoked_at = change.revokedAt;
      const result = await db.updateTable('gateway_keys').set(set).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toKey(row: Selectable<GatewayKeysTable>): StoredGatewayKey {
  return {
    id: row.id,
    label: row.label,
    hash: row.hash,
    hint: row.hint,
    scopes: parseStoredJson(row.scopes, 'key scopes') as string[],
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
