import type { RequestRecord } from '../pipeline/request-record.js';
import type { SpendTotal } from '../store/spend-query.js';
import { periodEnd, periodStart } from './budget-period.js';
import type { BudgetPeriod } from './budget-period.js';

/** What budgets are counted against: a provider, a provider tier, or a gateway key (by label). */
export const spendScope = {
  provider: (id: string) => `provider:${id}`,
  tier: (tier: string) => `tier:${tier}`,
  key: (label: string) => `key:${label}`,
} as const;

export interface SpendTotals {
  scope: string;
  daily: number;
  monthly: number;
}

export interface SpendTracker {
  /** Counts a finished request's cost (it arrived at `record.ts`) towards its provider, tier and key. */
  book(record: Pick<RequestRecord, 'ts' | 'providerId' | 'keyLabel' | 'costUsd'>): void;
  /** US dollars spent in the current period of the scope (see spendScope). */
  spent(scope: string, period: BudgetPeriod): number;
  /** The current day's and month's start, for the query whose rows `restore` takes. */
  window(): { dayStart: number; monthStart: number };
  /** Adds what the request log holds for the current day and month (once, at start). */
  restore(rows: readonly SpendTotal[]): void;
  /** Every scope with spend this month. */
  totals(): SpendTotals[];
}

export interface SpendTrackerOptions {
  now: () => number;
  /** The tier of a provider, from its descriptor; undefined for one no longer configured. */
  tierOf: (providerId: string) => string | undefined;
}

/**
 * Spend totals kept in memory, so a budget check costs no query on the request path. They
 * start from the request log and grow with each finished request; a new UTC day or month
 * starts them from zero again.
 */
export function createSpendTracker(opts: SpendTrackerOptions): SpendTracker {
  let dayStart = Number.NaN;
  let monthStart = Number.NaN;
  const day = new Map<string, number>();
  const month = new Map<string, number>();

  let dayEnd = Number.NaN;
  const roll = (): void => {
    const now = opts.now();
    // Budgets are checked for every candidate of every request: only a new day costs date math.
    if (now >= dayStart && now < dayEnd) return;
    dayEnd = periodEnd('daily', now);
    const d = periodStart('daily', now);
    const m = periodStart('monthly', now);
    if (d !== dayStart) {
      dayStart = d;
      day.clear();
    }
    if (m !== monthStart) {
      monthStart = m;
      month.clear();
    }
  };

  const scopesOf = (providerId: string | null | undefined, keyLabel: string | null | undefined): string[] => {
    const scopes: string[] = [];
    if (providerId) {
      scopes.push(spendScope.provider(providerId));
      const tier = opts.tierOf(providerId);
      if (tier) scopes.push(spendScope.tier(tier));
    }
    if (keyLabel) scopes.push(spendScope.key(keyLabel));
    return scopes;
  };

  const add = (scopes: readonly string[], cost: number, today: boolean): void => {
    for (const scope of scopes) {
      month.set(scope, (month.get(scope) ?? 0) + cost);
      if (today) day.set(scope, (day.get(scope) ?? 0) + cost);
    }
  };

  return {
    book(record) {
      const cost = record.costUsd;
      if (cost === undefined || !Number.isFinite(cost) || cost <= 0) return;
      roll();
      // A request counts in the period it arrived in, as the restore query counts it; one
      // that began before midnight and ended after it belongs to the day that is over.
      if (record.ts < monthStart) return;
      add(scopesOf(record.providerId, record.keyLabel), cost, record.ts >= dayStart);
    },
    spent(scope, period) {
      roll();
      return (period === 'daily' ? day : month).get(scope) ?? 0;
    },
    window() {
      roll();
      return { dayStart, monthStart };
    },
    restore(rows) {
      roll();
      for (const row of rows) {
        if (!Number.isFinite(row.costUsd) || row.costUsd <= 0) continue;
        add(scopesOf(row.providerId, row.keyLabel), row.costUsd, row.today);
      }
    },
    totals() {
      roll();
      return [...month].map(([scope, monthly]) => ({ scope, daily: day.get(scope) ?? 0, monthly }));
    },
  };
}
