/** One thing that can serve the request: a connection (account) for a model, or a combo member. */
export interface Candidate {
  /** Stable id, e.g. `${connectionId}:${model}`. */
  key: string;
  /** Lower first (connection priority, or combo member order). */
  priority: number;
  /** USD per million tokens, input and output, when the model's price is known. */
  price?: { input: number; output: number };
}

/** Live numbers the gateway keeps per candidate key. */
export interface CandidateStats {
  /** Requests currently running. */
  inFlight: number;
  /** Recent latency (EWMA), when known. */
  latencyMs?: number;
  /** Requests sent so far (for least-used); may be persisted. */
  used: number;
}

/**
 * What a stateful strategy carries between calls. The caller keeps one per routing group
 * (a provider's accounts, a combo's members) and passes back what the last call returned;
 * strategies never mutate it. Only round-robin uses it today; the others return it as is.
 */
export interface StrategyState {
  /** Key of the candidate that led the previous round-robin call. */
  leader?: string;
  /**
   * Keys in the priority order of the previous round-robin call, so that when the leader is
   * filtered out (cooling down) rotation resumes at its successor rather than restarting.
   */
  ring?: readonly string[];
  /** Consecutive calls the leader has led so far. */
  streak: number;
}

export const INITIAL_STRATEGY_STATE: StrategyState = Object.freeze({ streak: 0 });

export type { StrategyName } from '../../config/routing-schema.js';

/**
 * `C` lets the caller pass richer candidates (carrying their connection, say) and get the
 * same objects back in `order`; it defaults to the bare Candidate.
 */
export interface StrategyInput<C extends Candidate = Candidate> {
  /** Only available candidates: the caller filters out cooling-down and breaker-open ones. */
  candidates: readonly C[];
  stats: (key: string) => CandidateStats;
  state: StrategyState;
  /** Uniform in [0, 1), like Math.random; injected so tests and replays are deterministic. */
  random: () => number;
  /** Round-robin: how many consecutive calls one candidate leads before rotating (default 1). */
  sticky?: number;
}

export interface StrategyOutput<C extends Candidate = Candidate> {
  /** Every candidate exactly once: first is preferred, the rest are the fallbacks in order. */
  order: C[];
  state: StrategyState;
}

export type Strategy = <C extends Candidate>(input: StrategyInput<C>) => StrategyOutput<C>;
