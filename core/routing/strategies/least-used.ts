import type { Candidate, StrategyInput, StrategyOutput } from './types.js';

/** Fewest requests sent first; ties by priority, then input order. */
export function leastUsed<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const used = new Map(input.candidates.map((c) => [c.key, input.stats(c.key).used]));
  const count = (c: C): number => used.get(c.key) ?? 0;
  const order = [...input.candidates].sort((a, b) => count(a) - count(b) || a.priority - b.priority);
  return { order, state: input.state };
}
