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
      const scope = b.scope === 'provider' ? spendScope.provider(b.id) : spendScope.tier(b.id);
      for (const period of BUDGET_PERIODS) {
        const limit = budgetLimit(b, period);
        if (limit === undefined || spend.spent(scope, period) < limit) continue;
        const until = periodEnd(period, now);
        if (block?.until !== undefined && block.until >= until) continue;
        block = { until, message: `the ${PERIOD_WORD[period]} budget of ${b.scope} "${b.id}" (${formatUsd(limit)}) is spent` };
      }
    }
    return block;
  };
}
