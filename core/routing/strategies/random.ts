import type { Candidate, StrategyInput, StrategyOutput } from './types.js';

/** A uniformly random order: Fisher-Yates over a copy, drawing from the injected random. */
export function randomOrder<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const order = [...input.candidates];
  for (let i = order.length - 1; i > 0; i--) {
    const j = pickIndex(input.random, i + 1);
    const a = order[i] as C;
    order[i] = order[j] as C;
    order[j] = a;
  }
  return { order, state: input.state };
}

/** An index in [0, n); clamped so an injected random that returns exactly 1 cannot overrun. */
export function pickIndex(random: () => number, n: number): number {
  const i = Math.floor(random() * n);
  return Number.isFinite(i) ? Math.min(Math.max(i, 0), n - 1) : 0;
}
