import { z } from 'zod';
import { headerValue, rateLimitResetAt } from './retry-hints.js';
import type { HeaderBag } from './retry-hints.js';

/** What a provider said about an account's rate-limit windows on its last answer (also
 * how it is stored and shown). resetAt: when the exhausted (or, if none is, the latest)
 * window refills; at: when this was learned; both Unix ms. */
export const learnedLimitSchema = z.object({
  requestsLimit: z.number().optional(),
  requestsRemaining: z.number().optional(),
  tokensLimit: z.number().optional(),
  tokensRemaining: z.number().optional(),
  resetAt: z.number().optional(),
  at: z.number(),
});
export type LearnedLimit = z.infer<typeof learnedLimitSchema>;

function num(headers: HeaderBag, ...names: string[]): number | undefined {
  for (const name of names) {
    const v = headerValue(headers, name);
    if (v !== undefined && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/**
 * Reads the rate-limit headers OpenAI-style (`x-ratelimit-*`, also Groq, xAI, DeepSeek and
 * most compatible providers) and Anthropic (`anthropic-ratelimit-*`) providers send with
 * every answer. Undefined when the answer carried none.
 */
export function learnLimits(headers: HeaderBag, now: number): LearnedLimit | undefined {
  const limit: LearnedLimit = { at: now };
  const fields: Array<[keyof LearnedLimit, number | undefined]> = [
    ['requestsLimit', num(headers, 'x-ratelimit-limit-requests', 'anthropic-ratelimit-requests-limit')],
    ['requestsRemaining', num(headers, 'x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining')],
    ['tokensLimit', num(headers, 'x-ratelimit-limit-tokens', 'anthropic-ratelimit-tokens-limit')],
    ['tokensRemaining', num(headers, 'x-ratelimit-remaining-tokens', 'anthropic-ratelimit-tokens-remaining')],
    ['resetAt', rateLimitResetAt(headers, now)],
  ];
  let any = false;
  for (const [key, value] of fields) {
    if (value === undefined) continue;
    (limit as unknown as Record<string, number>)[key] = value;
    any = true;
  }
  return any ? limit : undefined;
}

/** A window the provider says is used up: the next request would be refused until resetAt. */
export function isExhausted(limit: LearnedLimit, now: number): boolean {
  return limit.resetAt !== undefined && limit.resetAt > now && (limit.requestsRemaining === 0 || limit.tokensRemaining === 0);
}

