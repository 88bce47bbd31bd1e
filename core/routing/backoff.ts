export interface BackoffOptions {
  /** 0 for the first retry. */
  attempt: number;
  /** The ceiling of the first attempt's delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /** Uniform in [0, 1), injected so callers and tests decide the randomness. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, min(max, base·2^attempt)).
 * Spreading every waiter over the whole window, rather than around its end, is what keeps
 * many clients that failed together from retrying together.
 */
export function backoffDelay(opts: BackoffOptions): number {
  return Math.floor(backoffCeiling(opts) * clampUnit(opts.random()));
}

/** The upper bound of the delay for an attempt (what full jitter draws below). */
export function backoffCeiling(opts: Omit<BackoffOptions, 'random'>): number {
  const attempt = Number.isFinite(opts.attempt) ? Math.max(0, Math.floor(opts.attempt)) : 0;
  const base = Math.max(0, opts.baseMs);
  const max = Math.max(0, opts.maxMs);
  if (base === 0) return 0;
  // 2^attempt overflows to Infinity for large attempts, which min() then caps.
  return Math.min(max, base * 2 ** attempt);
}

function clampUnit(value: number): number {
  if (!(value > 0)) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}
