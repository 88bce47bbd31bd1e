import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionSource, ConnectionsTable, StoreSchema } from './schema.js';

export interface ConnectionRow {
  id: string;
  providerId: string;
  label: string;
  priority: number;
  enabled: boolean;
  baseUrl: string | null;
  /** A reference into the secret store, never the secret itself. */
  secretRef: string | null;
  source: ConnectionSource;
  createdAt: number;
  updatedAt: number;
}

/**
 * The full desired state of a connection, keyed by (providerId, label). Omitted optional
 * fields take their defaults on insert and on update alike: an upsert replaces, it does not
 * merge (use setEnabled to flip one flag).
 */
export interface ConnectionInput {
  providerId: string;
  label: string;
  /** Lower runs first. Default 100. */
  priority?: number;
  /** Default true. */
  enabled?: boolean;
  baseUrl?: string | null;
  secretRef?: string | null;
  source: ConnectionSource;
}

export interface ConnectionRepository {
  /** Ordered by provider, then priority, then label. */
  list(): Promise<ConnectionRow[]>;
  /** Inserts or updates by (providerId, label); an existing row keeps its id and createdAt. */
  upsert(input: ConnectionInput): Promise<ConnectionRow>;
  /** Returns false when no such connection exists. */
  remove(id: string): Promise<boolean>;
  /** Returns false when no such connection exists. */
  setEnabled(id: string, enabled: boolean): Promise<boolean>;
  /** Renames a connection in place (its id, and so its routing state and history, stay); false when none. */
  relabel(id: string, label: string, secretRef: string | null): Promise<boolean>;
}

export const DEFAULT_CONNECTION_PRIORITY = 100;

export function createConnectionRepository(opts: {
  db: Kysely<StoreSchema>;
  now: () => number;
}): ConnectionRepository {
  const { db, now } = opts;
  return {
    async list() {
      const rows = await db
        .selectFrom('connections')
        .selectAll()
        .orderBy('provider_id')
        .orderBy('priority')
        .orderBy('label')
        .execute();
      return rows.map(toConnectionRow);
    },

    async upsert(input) {
      const ts = now();
      const fields = {
        priority: input.priority ?? DEFAULT_CONNECTION_PRIORITY,
        enabled: input.enabled === false ? 0 : 1,
        base_url: input.baseUrl ?? null,
        secret_ref: input.secretRef ?? null,
        source: input.source,
        updated_at: ts,
      };
      const row = await db
        .insertInto('connections')
        .values({
          id: randomUUID(),
          provider_id: input.providerId,
          label: input.label,
          created_at: ts,
          ...fields,
        })
        .onConflict((oc) => oc.columns(['provider_id', 'label']).doUpdateSet(fields))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConnectionRow(row);
    },

    async remove(id) {
      const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async relabel(id, label, secretRef) {
      const result = await db.updateTable('connections').set({ label, secret_ref: secretRef, updated_at: now() }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async setEnabled(id, enabled) {
      const result = await db
        .updateTable('connections')
        .set({ enabled: enabled ? 1 : 0, updated_at: now() })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toConnectionRow(row: Selectable<ConnectionsTable>): ConnectionRow {
  return {
    id: row.id,
    providerId: row.provider_id,
    label: row.label,
    priority: row.priority,
    enabled: row.enabled !== 0,
    baseUrl: row.base_url,
    secretRef: row.secret_ref,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
