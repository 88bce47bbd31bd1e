import { pickIndex } from './random.js';
import type { Candidate, CandidateStats, StrategyInput, StrategyOutput } from './types.js';

/**
 * Power of two choices: sample two distinct candidates at random and lead with the less
 * loaded one. Sampling (rather than always taking the global minimum) keeps concurrent
 * requests that see the same stale numbers from all piling onto one account.
 *
 * Load is in-flight requests, then recent latency. Unknown latency counts as 0, so a fresh
 * account gets tried and measured instead of being starved behind measured ones. When the
 * two sampled candidates load equally the first sampled leads, which keeps an idle gateway
 * spreading its leads evenly. The fallbacks follow by load, ties by priority.
 */
export function powerOfTwoChoices<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const { candidates } = input;
  const stats = new Map(candidates.map((c) => [c.key, input.stats(c.key)]));
  const byLoad = (a: C, b: C): number => compareLoad(stats.get(a.key), stats.get(b.key));
  const rest = [...candidates].sort((a, b) => byLoad(a, b) || a.priority - b.priority);
  if (candidates.length < 2) return { order: rest, state: input.state };

  const first = pickIndex(input.random, candidates.length);
  let second = pickIndex(input.random, candidates.length - 1);
  if (second >= first) second += 1;
  const a = candidates[first] as C;
  const b = candidates[second] as C;
  const lead = byLoad(b, a) < 0 ? b : a;
  return { order: [lead, ...rest.filter((c) => c !== lead)], state: input.state };
}

function compareLoad(a: CandidateStats | undefined, b: CandidateStats | undefined): number {
  return (a?.inFlight ?? 0) - (b?.inFlight ?? 0) || (a?.latencyMs ?? 0) - (b?.latencyMs ?? 0);
}
