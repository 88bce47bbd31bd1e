// When every candidate of a request is cooling down, the gateway may wait for the first one
// to free instead of answering 429 at once. A coding tool that gets "retry in 1 s" retries
// after its own backoff, which is often much longer than the second it was told; a short wait
// inside the gateway answers it sooner and spares it an error turn.

/** How long one request may wait in total for a cooling candidate, unless routing.maxWaitMs says otherwise. */
export const DEFAULT_MAX_WAIT_MS = 10_000;
/**
 * Requests that wait for the same cooldown end are spread over this much, so they do not all
 * reach the upstream in the same millisecond and trip its limit again.
 */
export const WAIT_SPREAD_MS = 100;
/** A wait is never shorter than this, so a candidate that frees "now" cannot spin the plan loop. */
const MIN_WAIT_MS = 5;

export interface CandidateWaitInput {
  /** When the earliest blocked candidate frees (routing clock, Unix ms); undefined when none frees by itself. */
  freeAt: number | undefined;
  /** The routing clock now (Unix ms). */
  now: number;
  /** What is left of the request's time budget (ms). */
  budgetLeftMs: number;
  /** What this request has already spent waiting for candidates (ms). */
  waitedMs: number;
  /** routing.maxWaitMs: the most one request waits in total; 0 = never wait. */
  maxWaitMs: number;
  /** Uniform in [0, 1); spreads waiters (see WAIT_SPREAD_MS). */
  random: () => number;
}

/**
 * How long to wait before planning again, or undefined to fail now: the candidate must free
 * within what is left of maxWaitMs and strictly before the time budget runs out (a candidate
 * that frees as the budget ends could not be tried anyway).
 */
export function candidateWait(input: CandidateWaitInput): number | undefined {
  if (input.freeAt === undefined || !(input.maxWaitMs > 0)) return undefined;
  const waitLeft = input.maxWaitMs - input.waitedMs;
  const until = Math.max(0, input.freeAt - input.now);
  if (waitLeft <= 0 || until > waitLeft || until >= input.budgetLeftMs) return undefined;
  const spread = Math.floor(unit(input.random()) * WAIT_SPREAD_MS);
  const cap = Math.min(waitLeft, input.budgetLeftMs);
  return Math.min(cap, Math.max(MIN_WAIT_MS, until + spread));
}

function unit(value: number): number {
  if (!(value > 0)) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}
