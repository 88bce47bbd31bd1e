import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export const ROUTING_STATE_KINDS = ['cooldown', 'breaker', 'limit', 'key_rejected'] as const;
export type RoutingStateKind = (typeof ROUTING_STATE_KINDS)[number];

/** One persisted piece of routing state: a cooldown, a breaker, a learned limit or a refused key of one scope key. */
export interface RoutingStateRow {
  kind: RoutingStateKind;
  key: string;
  /** Any JSON value; its owner validates it when it restores. */
  state: unknown;
  updatedAt: number;
}

export interface RoutingStateRepository {
  /** Every stored row. A row whose JSON is corrupt is skipped: this state is a cache of what routing learned. */
  loadAll(): Promise<RoutingStateRow[]>;
  /**
   * Makes the stored rows of `kinds` exactly `rows`, in one transaction: given rows are
   * upserted, stored rows of those kinds that are not given are deleted, other kinds are left
   * alone. `kinds` defaults to every kind; a row of a kind outside `kinds` is an error.
   */
  saveAll(rows: readonly RoutingStateRow[], kinds?: readonly RoutingStateKind[]): Promise<void>;
}

/** The table as Kysely sees it; state is JSON text. */
export interface RoutingStateTable {
  kind: RoutingStateKind;
  key: string;
  state: string;
  updated_at: number;
}

// At four bound parameters a row, this keeps a statement far below SQLite's variable limit.
const ROWS_PER_STATEMENT = 200;

export function createRoutingStateRepository(opts: { db: Kysely<StoreSchema> }): RoutingStateRepository {
  const db = opts.db.withTables<{ routing_state: RoutingStateTable }>();
  return {
    async loadAll() {
      const rows = await db.selectFrom('routing_state').selectAll().orderBy('kind').orderBy('key').execute();
      const out: RoutingStateRow[] = [];
      for (const row of rows) {
        let state: unknown;
        try {
          state = parseStoredJson(row.state, `routing state ${row.kind} "${row.key}"`);
        } catch {
          continue;
        }
        out.push({ kind: row.kind, key: row.key, state, updatedAt: Number(row.updated_at) });
      }
      return out;
    },

    async saveAll(rows, kinds = ROUTING_STATE_KINDS) {
      const owned = new Set<RoutingStateKind>(kinds);
      // Later duplicates win, and PostgreSQL refuses one upsert touching a row twice.
      const wanted = new Map<string, RoutingStateTable>();
      for (const row of rows) {
        if (!owned.has(row.kind)) throw new TypeError(`routing state row "${row.key}" is a ${row.kind}, outside the kinds being saved (${kinds.join(', ')})`);
        wanted.set(`${row.kind}\u0000${row.key}`, {
          kind: row.kind,
          key: row.key,
          state: stringifyForStore(row.state, `routing state ${row.kind} "${row.key}"`),
          updated_at: row.updatedAt,
        });
      }
      if (owned.size === 0) return;
      const values = [...wanted.values()];
      await db.transaction().execute(async (trx) => {
        const stored = await trx.selectFrom('routing_state').select(['kind', 'key']).where('kind', 'in', [...owned]).execute();
        for (const kind of owned) {
          const stale = stored.filter((r) => r.kind === kind && !wanted.has(`${r.kind}\u0000${r.key}`)).map((r) => r.key);
          for (let i = 0; i < stale.length; i += ROWS_PER_STATEMENT) {
            await trx
              .deleteFrom('routing_state')
              .where('kind', '=', kind)
              .where('key', 'in', stale.slice(i, i + ROWS_PER_STATEMENT))
              .execute();
          }
        }
        for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
          await trx
            .insertInto('routing_state')
            .values(values.slice(i, i + ROWS_PER_STATEMENT))
            .onConflict((oc) =>
              oc.columns(['kind', 'key']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at') })),
            )
            .execute();
        }
      });
    },
  };
}
