import type { Kysely } from 'kysely';
import { fromRequestLogRow, type RequestLogEntry } from './request-log-entry.js';
import type { StoreSchema } from './schema.js';

export interface RequestLogQuery {
  /** The newest `limit` entries already flushed to disk, newest first. */
  recent(limit: number): Promise<RequestLogEntry[]>;
  /** When a gateway key (by label) last made a logged request; an index lookup (key_label, ts). */
  lastUsedBy(keyLabel: string): Promise<number | null>;
}

export const MAX_RECENT_LIMIT = 10_000;

export function createRequestLogQuery(opts: { db: Kysely<StoreSchema> }): RequestLogQuery {
  const { db } = opts;
  return {
    async recent(limit) {
      const n = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 0), 0), MAX_RECENT_LIMIT);
      if (n === 0) return [];
      const rows = await db.selectFrom('request_log').selectAll().orderBy('ts', 'desc').limit(n).execute();
      return rows.map(fromRequestLogRow);
    },

    async lastUsedBy(keyLabel) {
      const row = await db.selectFrom('request_log').select((eb) => eb.fn.max<number | null>('ts').as('last')).where('key_label', '=', keyLabel).executeTakeFirst();
      return row?.last == null ? null : Number(row.last);
    },
  };
}
