import type { LearnedLimit } from '../routing/learned-limits.js';
import type { QuotaWindowStatus } from './quota-status.js';

/**
 * The rate-limit windows a provider's response headers described, as quota windows. Once
 * their reset has passed the provider has refilled them, whatever the last answer said.
 */
export function headerWindows(limit: LearnedLimit, now: number): QuotaWindowStatus[] {
  const out: QuotaWindowStatus[] = [];
  const refilled = limit.resetAt !== undefined && limit.resetAt <= now;
  const add = (unit: 'requests' | 'tokens', max: number | undefined, left: number | undefined): void => {
    if (max === undefined || left === undefined) return;
    const remaining = refilled ? max : Math.max(0, left);
    const resetAt = refilled ? null : (limit.resetAt ?? null);
    out.push({
      window: `headers-${unit}`,
      source: 'headers',
      unit,
      used: Math.max(0, max - remaining),
      limit: max,
      remaining,
      resetAt,
      resetInMs: resetAt !== null ? Math.max(0, resetAt - now) : null,
      exhausted: remaining <= 0 && resetAt !== null,
      at: limit.at,
    });
  };
  add('requests', limit.requestsLimit, limit.requestsRemaining);
  add('tokens', limit.tokensLimit, limit.tokensRemaining);
  return out;
}
