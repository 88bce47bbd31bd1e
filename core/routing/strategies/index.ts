import { costOptimized } from './cost-optimized.js';
import { fillFirst } from './fill-first.js';
import { leastUsed } from './least-used.js';
import { powerOfTwoChoices } from './p2c.js';
import { randomOrder } from './random.js';
import { roundRobin } from './round-robin.js';
import type { Strategy, StrategyName } from './types.js';

export type { Candidate, CandidateStats, Strategy, StrategyInput, StrategyName, StrategyOutput, StrategyState } from './types.js';
export { INITIAL_STRATEGY_STATE } from './types.js';
export { blendedPrice } from './cost-optimized.js';

/** Config names (core/config STRATEGY_NAMES) to their strategy. */
export const STRATEGIES: Readonly<Record<StrategyName, Strategy>> = Object.freeze({
  'fill-first': fillFirst,
  'round-robin': roundRobin,
  p2c: powerOfTwoChoices,
  random: randomOrder,
  'least-used': leastUsed,
  'cost-optimized': costOptimized,
});

