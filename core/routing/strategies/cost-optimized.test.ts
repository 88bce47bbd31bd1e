import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blendedPrice, costOptimized, INPUT_PRICE_WEIGHT } from './cost-optimized.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate, StrategyInput } from './types.js';

const input = (candidates: Candidate[]): StrategyInput => ({
  candidates,
  stats: () => ({ inFlight: 0, used: 0 }),
  state: INITIAL_STRATEGY_STATE,
  random: () => 0.5,
});
const keys = (cs: readonly Candidate[]): string[] => cs.map((c) => c.key);
const priced = (key: string, priority: number, inputPrice: number, output: number): Candidate => ({
  key,
  priority,
  price: { input: inputPrice, output },
});

test('cost-optimized picks the cheapest, then the next cheapest when the cheapest is removed', () => {
  let cs = [
    priced('opus', 1, 15, 75),
    priced('haiku', 2, 1, 5),
    priced('flash-lite', 3, 0.1, 0.4),
    priced('sonnet', 4, 3, 15),
  ];
  const expected = ['flash-lite', 'haiku', 'sonnet', 'opus'];
  assert.deepEqual(keys(costOptimized(input(cs)).order), expected);
  for (const cheapest of expected) {
    assert.equal(costOptimized(input(cs)).order[0]?.key, cheapest);
    cs = cs.filter((c) => c.key !== cheapest);
  }
  assert.deepEqual(costOptimized(input(cs)).order, []);
});

test('unknown (or unusable) prices go last in priority order; equal prices go by priority', () => {
  const cs: Candidate[] = [
    { key: 'unknown-3', priority: 3 },
    priced('pricey', 9, 10, 10),
    { key: 'unknown-1', priority: 1 },
    priced('same-5', 5, 1, 1),
    priced('same-2', 2, 1, 1),
    priced('broken', 2, Number.NaN, 1),
    priced('negative', 0, -1, -1),
  ];
  assert.deepEqual(keys(costOptimized(input(cs)).order), ['same-2', 'same-5', 'pricey', 'negative', 'unknown-1', 'broken', 'unknown-3']);
});

test('the blend weighs input 3:1 over output, so an input-cheap model can beat a flat-priced one', () => {
  assert.equal(INPUT_PRICE_WEIGHT, 0.75);
  assert.equal(blendedPrice(priced('x', 1, 4, 8)), 5);
  assert.equal(blendedPrice({ key: 'y', priority: 1 }), undefined);
  // Summing would rank these the other way round: 1 + 10 = 11 against 4 + 4 = 8.
  const cs = [priced('flat', 1, 4, 4), priced('input-cheap', 2, 1, 10)];
  assert.deepEqual(keys(costOptimized(input(cs)).order), ['input-cheap', 'flat']);
});
