import { z } from 'zod';

// The accounting sections of the config file: request-log settings, prices, budgets, gateway
// keys with labels and budgets, and per-connection quota windows. Cross-checks against the
// known providers live in usage-parse.ts.

const positiveInt = z.number().int({ message: 'must be a positive integer' }).positive({ message: 'must be a positive integer' });
const usd = z.number().min(0, { message: 'must be a number of US dollars >= 0' });
const perMillion = z.number().min(0, { message: 'must be US dollars per million tokens, >= 0' });
const name = z.string().min(1, { message: 'must not be empty' });

/** Spend limits in US dollars per UTC calendar day and month. */
export const budgetLimitsSchema = z
  .strictObject({ daily: usd.optional(), monthly: usd.optional() })
  .refine((b) => b.daily !== undefined || b.monthly !== undefined, { message: 'set daily, monthly or both' });

export const requestLogSchema = z.strictObject({
  /** Write one row per client request. Default true. */
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  /** Rows older than this many days are deleted. Default 30. */
  retentionDays: z.number().positive({ message: 'must be a number of days > 0' }).optional(),
  /** At most this many rows are kept (the oldest go first). Default 1 000 000. */
  maxRows: positiveInt.optional(),
  /** Also keep the four bodies of each request (redacted). Default false. */
  captureBodies: z.boolean({ error: 'must be true or false' }).optional(),
  /** Bytes kept of each captured body; the rest is cut and marked. Default 64 KiB. */
  bodyLimitBytes: positiveInt.optional(),
});

/** A gateway key with a label (shown in logs and analytics) and optional spend limits. */
export const gatewayKeySchema = z.strictObject({
  key: name,
  label: z.string().regex(/^[A-Za-z0-9._ -]{1,64}$/, { message: 'must be 1-64 letters, digits, spaces, ".", "_" or "-"' }),
  budget: budgetLimitsSchema.optional(),
});

export const modelPriceSchema = z.strictObject({
  input: perMillion,
  output: perMillion,
  cachedInput: perMillion.optional(),
  cacheWrite: perMillion.optional(),
});

/** `"<provider>/<model>": price`, overriding or adding to the built-in table. */
export const pricingSchema = z.record(name, modelPriceSchema);

export const BUDGET_SCOPES = ['provider', 'tier'] as const;
export const budgetSchema = z.strictObject({
  scope: z.enum(BUDGET_SCOPES, { error: `expected one of ${BUDGET_SCOPES.join(', ')}` }),
  /** A provider id, or a tier (subscription, api-key, cheap, free, custom). */
  id: name,
  daily: usd.optional(),
  monthly: usd.optional(),
}).refine((b) => b.daily !== undefined || b.monthly !== undefined, { message: 'set daily, monthly or both' });

export const QUOTA_WINDOW_KINDS = ['rolling', 'daily', 'weekly', 'monthly', 'fixed'] as const;
export const QUOTA_UNITS = ['tokens', 'requests', 'usd'] as const;

/**
 * One quota window of an account. rolling: the last `hours` (e.g. 5); daily/weekly/monthly:
 * UTC calendar windows (weeks start on Monday); fixed: resets every `hours` counted from
 * `anchor` (an ISO time, e.g. the plan's renewal time).
 */
export const quotaWindowSchema = z
  .strictObject({
    kind: z.enum(QUOTA_WINDOW_KINDS, { error: `expected one of ${QUOTA_WINDOW_KINDS.join(', ')}` }),
    hours: z.number().positive({ message: 'must be a number of hours > 0' }).optional(),
    anchor: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time such as 2026-01-01T07:00:00Z' }).optional(),
    limit: z.number().positive({ message: 'must be > 0' }),
    unit: z.enum(QUOTA_UNITS, { error: `expected one of ${QUOTA_UNITS.join(', ')}` }),
  })
  .refine((w) => (w.kind === 'rolling' || w.kind === 'fixed') === (w.hours !== undefined), {
    message: 'rolling and fixed windows need hours; calendar windows (daily, weekly, monthly) take none',
  })
  .refine((w) => (w.kind === 'fixed') === (w.anchor !== undefined), { message: 'a fixed window needs anchor, and only a fixed window takes one' });

export const BILLING_KINDS = ['metered', 'subscription'] as const;

export type BudgetLimits = z.infer<typeof budgetLimitsSchema>;
export type RequestLogConfig = z.infer<typeof requestLogSchema>;
export type GatewayKeyConfig = z.infer<typeof gatewayKeySchema>;
export type ModelPriceConfig = z.infer<typeof modelPriceSchema>;
export type BudgetConfig = z.infer<typeof budgetSchema>;
export type QuotaWindowConfig = z.infer<typeof quotaWindowSchema>;
export type BillingKind = (typeof BILLING_KINDS)[number];
