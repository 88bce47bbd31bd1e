import type { GatewayKeyConfig } from '../config/usage-schema.js';
import type { CanonicalError } from '../formats/canonical.js';
import { spentBudget } from './budget-gate.js';
import { formatUsd } from './budget-period.js';
import { spendScope } from './spend-tracker.js';
import type { SpendTracker } from './spend-tracker.js';

/** Refuses a gateway key that has spent its budget; undefined lets the request through. */
export type KeyBudgetCheck = (label: string) => CanonicalError | undefined;

/**
 * The check the server runs on a gateway key before routing. Spend is booked when a request
 * finishes, so requests already in flight when a key reaches its budget still complete: a key
 * can overshoot its budget by what those requests cost (typically one request), never more.
 */
export function createKeyBudgetCheck(opts: { keys: readonly GatewayKeyConfig[]; spend: SpendTracker; now: () => number }): KeyBudgetCheck | undefined {
  const budgets = new Map<string, NonNullable<GatewayKeyConfig['budget']>>();
  for (const k of opts.keys) if (k.budget) budgets.set(k.label, k.budget);
  if (budgets.size === 0) return undefined;
  return (label) => {
    const budget = budgets.get(label);
    if (!budget) return undefined;
    const now = opts.now();
    const spent = spentBudget(opts.spend, spendScope.key(label), budget, now);
    if (!spent) return undefined;
    const seconds = Math.max(1, Math.ceil((spent.until - now) / 1000));
    return {
      status: 429,
      kind: 'rate_limit',
      message:
        `The gateway key "${label}" has spent its ${spent.period} budget of ${formatUsd(spent.limit)}. ` +
        `It resets at ${new Date(spent.until).toISOString()} (in ${seconds} s); raise the budget in server.apiKeys to continue now.`,
      retryAfter: seconds,
    };
  };
}
