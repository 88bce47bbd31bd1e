import { issueMessages, pathMessage } from './issue-messages.js';
import { PROVIDER_TIERS } from '../providers/types.js';
import { budgetSchema, pricingSchema } from './usage-schema.js';
import type { BudgetConfig, ModelPriceConfig } from './usage-schema.js';

export interface UsageSections {
  pricing: Record<string, ModelPriceConfig>;
  budgets: BudgetConfig[];
}

const TIERS: ReadonlySet<string> = new Set(PROVIDER_TIERS);

/** Parses `pricing` and `budgets`, reporting every error with its path. */
export function parseUsageSections(
  raw: { pricing?: unknown; budgets?: unknown[] },
  ctx: { providerIds: ReadonlySet<string>; errors: string[] },
): UsageSections {
  const { errors } = ctx;
  let pricing: Record<string, ModelPriceConfig> = {};
  if (raw.pricing !== undefined && raw.pricing !== null) {
    const parsed = pricingSchema.safeParse(raw.pricing);
    if (parsed.success) pricing = parsed.data;
    else errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['pricing'], knownKeys: [], input: raw.pricing }));
    // Keys are checked even when a price is malformed, so one run reports every mistake.
    const keys = typeof raw.pricing === 'object' && !Array.isArray(raw.pricing) ? Object.keys(raw.pricing) : [];
    for (const key of keys) {
      const slash = key.indexOf('/');
      if (slash <= 0 || slash === key.length - 1) errors.push(pathMessage(['pricing', key], 'must be "<provider>/<model>"'));
      else if (!ctx.providerIds.has(key.slice(0, slash))) errors.push(pathMessage(['pricing', key], `unknown provider "${key.slice(0, slash)}"`));
    }
  }

  const budgets: BudgetConfig[] = [];
  (raw.budgets ?? []).forEach((item, index) => {
    const parsed = budgetSchema.safeParse(item);
    if (!parsed.success) {
      errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['budgets', index], knownKeys: ['scope', 'id', 'daily', 'monthly'], input: item }));
      return;
    }
    const b = parsed.data;
    if (b.scope === 'provider' && !ctx.providerIds.has(b.id)) {
      errors.push(pathMessage(['budgets', index, 'id'], `unknown provider "${b.id}" (known: ${[...ctx.providerIds].sort().join(', ')})`));
      return;
    }
    if (b.scope === 'tier' && !TIERS.has(b.id)) {
      errors.push(pathMessage(['budgets', index, 'id'], `unknown tier "${b.id}" (known: ${[...TIERS].join(', ')})`));
      return;
    }
    budgets.push(b);
  });
  return { pricing, budgets };
}
