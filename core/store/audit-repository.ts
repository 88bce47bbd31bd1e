import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface AuditEntry {
  id: number;
  ts: number;
  /** Who: "desktop app", "dashboard session <id>", or "gateway" for in-process callers. */
  actor: string;
  /** The control method, e.g. connections.create. */
  action: string;
  /** What it acted on, e.g. "openai/work". */
  target: string;
  detail: Record<string, unknown>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first; `before` pages by id. */
  list(opts: { limit: number; before?: number }): Promise<AuditEntry[]>;
}

export function createAuditRepository(opts: { db: Kysely<StoreSchema> }): AuditRepository {
  const { db } = opts;
  return {
    async append(entry) {
      await db
        .insertInto('audit_log')
        .values({ ts: entry.ts, actor: entry.actor, action: entry.action, target: entry.target, detail: stringifyForStore(entry.detail, 'audit detail') })
        .execute();
    },
    async list({ limit, before }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
      if (before !== undefined) q = q.where('id', '<', before);
      const rows = await q.execute();
      return rows.map((r) => ({ id: Number(r.id), ts: Number(r.ts), actor: r.actor, action: r.action, target: r.target, detail: parseStoredJson(r.detail, 'audit detail') as Record<string, unknown> }));
    },
  };
}
