import type { BudgetConfig } from '../config/usage-schema.js';
import type { RouteBlock, RouteGate } from '../routing/router.js';
import { BUDGET_PERIODS, formatUsd, periodEnd } from './budget-period.js';
import type { BudgetPeriod } from './budget-period.js';
import { spendScope } from './spend-tracker.js';
import type { SpendTracker } from './spend-tracker.js';

const PERIOD_WORD: Record<BudgetPeriod, string> = { daily: 'daily', monthly: 'monthly' };

/** The limit a budget sets for a period, if it sets one. */
export function budgetLimit(budget: { daily?: number; monthly?: number }, period: BudgetPeriod): number | undefined {
  return period === 'daily' ? budget.daily : budget.monthly;
}

export interface SpentBudget {
  period: BudgetPeriod;
  limit: number;
  /** When the period ends and the budget is available again. */
  until: number;
}

/** The spent period of a budget that ends last (every spent period must end first), if any. */
export function spentBudget(spend: SpendTracker, scope: string, limits: { daily?: number; monthly?: number }, now: number): SpentBudget | undefined {
  let spent: SpentBudget | undefined;
  for (const period of BUDGET_PERIODS) {
    const limit = budgetLimit(limits, period);
    if (limit === undefined || spend.spent(scope, period) < limit) continue;
    const until = periodEnd(period, now);
    if (!spent || until > spent.until) spent = { period, limit, until };
  }
  return spent;
}

/**
 * Leaves out of routing every account whose provider, or whose provider's tier, has spent a
 * configured budget for the day or month, so a combo falls through to its next member (the
 * next tier) until the period ends. When several budgets are spent, the block lasts until
 * the last of them resets.
 */
export function createBudgetGate(opts: { budgets: readonly BudgetConfig[]; spend: SpendTracker }): RouteGate {
  const { budgets, spend } = opts;
  return (target, now) => {
    if (budgets.length === 0) return undefined;
    let block: RouteBlock | undefined;
    for (const b of budgets) {
      const applies = b.scope === 'provider' ? b.id === target.provider.id : b.id === target.provider.tier;
      if (!applies) continue;
      const spent = spentBudget(spend, b.scope === 'provider' ? spendScope.provider(b.id) : spendScope.tier(b.id), b, now);
      if (!spent || (block?.until !== undefined && block.until >= spent.until)) continue;
      block = { until: spent.until, message: `the ${PERIOD_WORD[spent.period]} budget of ${b.scope} "${b.id}" (${formatUsd(spent.limit)}) is spent` };
    }
    return block;
  };
}
