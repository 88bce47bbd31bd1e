import type { Candidate, StrategyInput, StrategyOutput } from './types.js';

/**
 * Weight of the input price in the blended price. Coding sessions resend long contexts and
 * read far more tokens than they write, so the price is blended 3:1 input to output, the
 * ratio price comparison sites commonly use for a "blended" per-million price.
 */
export const INPUT_PRICE_WEIGHT = 0.75;

/** USD per million tokens at a 3:1 input:output mix, or undefined when the price is unknown. */
export function blendedPrice(c: Candidate): number | undefined {
  if (!c.price) return undefined;
  const blended = INPUT_PRICE_WEIGHT * c.price.input + (1 - INPUT_PRICE_WEIGHT) * c.price.output;
  return Number.isFinite(blended) && blended >= 0 ? blended : undefined;
}

/** Cheapest blended price first; unknown prices after all known ones; ties by priority, then input order. */
export function costOptimized<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const price = new Map(input.candidates.map((c) => [c.key, blendedPrice(c)]));
  const cost = (c: C): number => price.get(c.key) ?? Number.POSITIVE_INFINITY;
  const order = [...input.candidates].sort((a, b) => compareNumbers(cost(a), cost(b)) || a.priority - b.priority);
  return { order, state: input.state };
}

// Infinity - Infinity is NaN, which sort treats as "equal" only by accident; compare explicitly.
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
