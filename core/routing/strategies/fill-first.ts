import type { Candidate, StrategyInput, StrategyOutput } from './types.js';

/**
 * Best priority first; equal priorities keep their input order (Array.prototype.sort is
 * stable). Because exhausted candidates are filtered out by the caller, the top one is used
 * until it cools down, then the next.
 */
export function fillFirst<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const order = [...input.candidates].sort((a, b) => a.priority - b.priority);
  return { order, state: input.state };
}
