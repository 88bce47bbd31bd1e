import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** Spend of one provider through one gateway key since a month began, and the part of it today. */
export interface SpendTotal {
  providerId: string | null;
  keyLabel: string | null;
  /** True for the rows of today, false for the rest of the month. */
  today: boolean;
  costUsd: number;
}

export interface SpendQuery {
  /**
   * The spend recorded since `monthStart`, grouped by provider, key and whether it falls on
   * or after `dayStart`: one query, read once at start to restore the budget totals.
   */
  totals(window: { monthStart: number; dayStart: number }): Promise<SpendTotal[]>;
}

export function createSpendQuery(opts: { db: Kysely<StoreSchema> }): SpendQuery {
  const { db } = opts;
  return {
    async totals({ monthStart, dayStart }) {
      const rows = await db
        .selectFrom('request_log')
        .select((eb) => [
          'provider_id',
          'key_label',
          eb.case().when('ts', '>=', dayStart).then(1).else(0).end().as('today'),
          eb.fn.sum<number>('cost_usd').as('cost'),
        ])
        .where('ts', '>=', Math.min(monthStart, dayStart))
        .where('cost_usd', '>', 0)
        .groupBy(['provider_id', 'key_label', 'today'])
        .execute();
      return rows.map((r) => ({ providerId: r.provider_id, keyLabel: r.key_label, today: Number(r.today) === 1, costUsd: Number(r.cost) }));
    },
  };
}
