import type { GatewayKeyConfig, BudgetConfig } from '../config/usage-schema.js';
import type { BudgetsStatus } from '../control/contract.js';
import { budgetLimit } from './budget-gate.js';
import { BUDGET_PERIODS, periodEnd } from './budget-period.js';
import { spendScope } from './spend-tracker.js';
import type { SpendTracker } from './spend-tracker.js';

type Line = BudgetsStatus['budgets'][number];

/** Every configured budget (provider, tier, gateway key) in its current period, and each key's spend. */
export function budgetsStatus(opts: {
  budgets: readonly BudgetConfig[];
  keys: readonly GatewayKeyConfig[];
  spend: SpendTracker;
  now: number;
}): BudgetsStatus {
  const { spend, now } = opts;
  const lines: Line[] = [];
  const push = (scope: Line['scope'], id: string, scopeKey: string, limits: { daily?: number; monthly?: number }): void => {
    for (const period of BUDGET_PERIODS) {
      const limit = budgetLimit(limits, period);
      if (limit === undefined) continue;
      const spent = spend.spent(scopeKey, period);
      lines.push({ scope, id, period, limit, spent, remaining: Math.max(0, limit - spent), resetsAt: periodEnd(period, now), exhausted: spent >= limit });
    }
  };
  for (const b of opts.budgets) push(b.scope, b.id, b.scope === 'provider' ? spendScope.provider(b.id) : spendScope.tier(b.id), b);
  for (const k of opts.keys) if (k.budget) push('key', k.label, spendScope.key(k.label), k.budget);

  const labels = new Set(opts.keys.map((k) => k.label));
  // A key removed from the config still spent money this month; show it too.
  for (const t of spend.totals()) if (t.scope.startsWith('key:')) labels.add(t.scope.slice('key:'.length));
  const keys = [...labels].map((label) => ({
    label,
    daily: spend.spent(spendScope.key(label), 'daily'),
    monthly: spend.spent(spendScope.key(label), 'monthly'),
  }));
  return { budgets: lines, keys };
}
