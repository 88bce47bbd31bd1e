import type { GatewayError, GatewayErrorCode } from './gateway-error.js';

// A circuit breaker per provider (`provider:<id>`) and per account (`account:<connectionId>`):
// after `threshold` outage-like failures in a row it opens and sends nothing for a cool-off,
// then lets exactly one trial through (half-open). The trial's success closes it; its failure
// re-opens it for twice the cool-off, up to a maximum. States are immutable values; every
// function returns the same object when nothing changed.

export interface BreakerConfig {
  /** Consecutive counted failures that open a closed breaker. */
  threshold: number;
  /** How long a breaker stays open the first time. */
  coolOffMs: number;
  /** The cool-off doubles after each failed trial, up to this. */
  maxCoolOffMs: number;
  /** A trial that has not reported after this long no longer blocks the next one. */
  trialTimeoutMs: number;
}

export const DEFAULT_BREAKER_CONFIG: Readonly<BreakerConfig> = {
  threshold: 5,
  coolOffMs: 30_000,
  maxCoolOffMs: 10 * 60_000,
  trialTimeoutMs: 2 * 60_000,
};

export type BreakerState =
  | { phase: 'closed'; failures: number }
  | { phase: 'open'; openedAt: number; coolOffMs: number }
  | { phase: 'half-open'; coolOffMs: number; trialSince?: number };

export type BreakerPhase = BreakerState['phase'];

export const CLOSED_BREAKER: BreakerState = Object.freeze({ phase: 'closed', failures: 0 });

// Outages and overload: the upstream is not answering properly. Rate limits, auth failures
// and quota are the account's state (cooldowns), and 4xx request errors are the request's.
const COUNTED: ReadonlySet<GatewayErrorCode> = new Set<GatewayErrorCode>([
  'upstream_error',
  'overloaded',
  'timeout',
  'connection_failed',
  'stream_interrupted',
]);

/** Whether a failure counts toward the breakers; any other outcome shows the upstream answers. */
export function countsTowardBreaker(error: GatewayError): boolean {
  return error.retryable && COUNTED.has(error.code);
}

/** The phase as seen at `now`: an open breaker whose cool-off has elapsed reads as half-open. */
export function breakerPhase(state: BreakerState, now: number): BreakerPhase {
  if (state.phase === 'open' && now >= state.openedAt + state.coolOffMs) return 'half-open';
  return state.phase;
}

/** When an open breaker lets its trial through; undefined when it is not open. */
export function reopensAt(state: BreakerState): number | undefined {
  return state.phase === 'open' ? state.openedAt + state.coolOffMs : undefined;
}

/** Whether a request may pass now, without claiming the half-open trial. */
export function canPass(state: BreakerState, now: number, config: BreakerConfig = DEFAULT_BREAKER_CONFIG): boolean {
  switch (state.phase) {
    case 'closed':
      return true;
    case 'open':
      return now >= state.openedAt + state.coolOffMs;
    case 'half-open':
      return state.trialSince === undefined || now - state.trialSince >= config.trialTimeoutMs;
  }
}

/** Lets a request through if it may pass, claiming the one half-open trial when it is the trial. */
export function pass(state: BreakerState, now: number, config: BreakerConfig = DEFAULT_BREAKER_CONFIG): { allowed: boolean; state: BreakerState } {
  if (!canPass(state, now, config)) return { allowed: false, state };
  if (state.phase === 'closed') return { allowed: true, state };
  return { allowed: true, state: { phase: 'half-open', coolOffMs: state.coolOffMs, trialSince: now } };
}

export function recordFailure(state: BreakerState, now: number, config: BreakerConfig = DEFAULT_BREAKER_CONFIG): BreakerState {
  switch (state.phase) {
    case 'closed': {
      const failures = state.failures + 1;
      if (failures >= config.threshold) return { phase: 'open', openedAt: now, coolOffMs: config.coolOffMs };
      return { phase: 'closed', failures };
    }
    case 'open':
      // A request sent before the breaker opened, failing late: already accounted for.
      return state;
    case 'half-open':
      return { phase: 'open', openedAt: now, coolOffMs: Math.min(state.coolOffMs * 2, config.maxCoolOffMs) };
  }
}

export function recordSuccess(state: BreakerState): BreakerState {
  switch (state.phase) {
    case 'closed':
      return state.failures === 0 ? state : CLOSED_BREAKER;
    case 'open':
      // A request sent before the breaker opened, answering late: only the trial decides.
      return state;
    case 'half-open':
      return CLOSED_BREAKER;
  }
}

/** The trial ended without a verdict (the client went away): the next request may be the trial. */
export function releaseTrial(state: BreakerState): BreakerState {
  if (state.phase !== 'half-open' || state.trialSince === undefined) return state;
  return { phase: 'half-open', coolOffMs: state.coolOffMs };
}

/** Manual reset. */
export function reset(): BreakerState {
  return CLOSED_BREAKER;
}
