import { z } from 'zod';
import { calendarPeriod } from './calendar-period.js';

/** One window as a provider's usage endpoint reports it (always about money). */
export interface EndpointWindow {
  window: string;
  unit: 'usd' | 'cny';
  used: number | null;
  limit: number | null;
  remaining: number;
  resetAt: number | null;
  exhausted: boolean;
}

export interface ReaderContext {
  now: number;
  /** Origin of the account's base URL (some providers' currency depends on the host). */
  origin: string;
}

/** Reads an endpoint's JSON; undefined when it is not the shape the provider documents. */
export type UsageReader = (json: unknown, ctx: ReaderContext) => EndpointWindow[] | undefined;

// OpenRouter GET /api/v1/key: limit is null for a key without a credit limit; limit_reset
// (daily, weekly, monthly or null) restarts it on UTC calendar boundaries, weeks from Monday.
const openRouterKey = z.object({
  data: z.object({
    limit: z.number().nullable(),
    usage: z.number(),
    limit_remaining: z.number().nullable().optional(),
    limit_reset: z.string().nullable().optional(),
  }),
});

// DeepSeek GET /user/balance: balances are decimal strings per currency; is_available says
// whether the balance still allows API calls.
const deepSeekBalance = z.object({
  is_available: z.boolean(),
  balance_infos: z.array(z.object({ currency: z.string(), total_balance: z.string() })),
});

// Moonshot GET /v1/users/me/balance: available_balance <= 0 means inference calls are refused.
// The international host bills in USD, api.moonshot.cn in CNY; the body does not say which.
const moonshotBalance = z.object({
  data: z.object({ available_balance: z.number(), voucher_balance: z.number(), cash_balance: z.number() }),
});

const CALENDAR_RESETS = new Set(['daily', 'weekly', 'monthly']);

/** The literal registry descriptors name their reader from. */
export const USAGE_READERS: { readonly [K in 'openrouter-key' | 'deepseek-balance' | 'moonshot-balance']: UsageReader } = {
  'openrouter-key': (json, { now }) => {
    const parsed = openRouterKey.safeParse(json);
    if (!parsed.success) return undefined;
    const { limit, usage, limit_remaining: left, limit_reset: reset } = parsed.data.data;
    if (limit === null) return [];
    const remaining = Math.max(0, left ?? limit - usage);
    const calendar = reset && CALENDAR_RESETS.has(reset) ? (reset as 'daily' | 'weekly' | 'monthly') : undefined;
    return [
      {
        window: calendar ? `key-limit-${calendar}` : 'key-limit',
        unit: 'usd',
        used: Math.max(0, limit - remaining),
        limit,
        remaining,
        resetAt: calendar ? calendarPeriod(calendar, now).end : null,
        exhausted: remaining <= 0,
      },
    ];
  },
  'deepseek-balance': (json) => {
    const parsed = deepSeekBalance.safeParse(json);
    if (!parsed.success) return undefined;
    let shown: { unit: 'usd' | 'cny'; total: number } | undefined;
    for (const info of parsed.data.balance_infos) {
      const currency = info.currency.toUpperCase();
      if (currency !== 'USD' && currency !== 'CNY') continue;
      const total = Number(info.total_balance);
      if (!Number.isFinite(total)) return undefined;
      // An account can hold both currencies: the larger balance is the one worth showing.
      if (!shown || total > shown.total) shown = { unit: currency === 'CNY' ? 'cny' : 'usd', total };
    }
    // Whether the account may still call the API is is_available's to say, not a balance's:
    // an empty USD entry beside a CNY balance still serves.
    return [{ window: 'balance', unit: shown?.unit ?? 'usd', used: null, limit: null, remaining: shown?.total ?? 0, resetAt: null, exhausted: !parsed.data.is_available }];
  },
  'moonshot-balance': (json, { origin }) => {
    const parsed = moonshotBalance.safeParse(json);
    if (!parsed.success) return undefined;
    const balance = parsed.data.data.available_balance;
    const unit = new URL(origin).hostname.endsWith('.cn') ? 'cny' : 'usd';
    return [{ window: 'balance', unit, used: null, limit: null, remaining: balance, resetAt: null, exhausted: balance <= 0 }];
  },
};

export type UsageReaderName = keyof typeof USAGE_READERS;
