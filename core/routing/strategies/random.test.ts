import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomOrder } from './random.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate } from './types.js';
import { mulberry32 } from '../../../tests/fixtures/seeded-random.js';

const cs: Candidate[] = ['a', 'b', 'c', 'd'].map((key, i) => ({ key, priority: i + 1 }));
const shuffle = (random: () => number, candidates: readonly Candidate[] = cs): Candidate[] =>
  randomOrder({ candidates, stats: () => ({ inFlight: 0, used: 0 }), state: INITIAL_STRATEGY_STATE, random }).order;

/** Pearson chi-square of observed counts against a uniform expectation over `cells` cells. */
function chiSquare(counts: ReadonlyMap<string, number>, cells: number, total: number): number {
  const expected = total / cells;
  let sum = (cells - counts.size) * expected;
  for (const observed of counts.values()) sum += (observed - expected) ** 2 / expected;
  return sum;
}

// 24 orders of 4 candidates: 23 degrees of freedom, whose 99.99th percentile is about 53.
// With a fixed seed the statistic is the same every run; the bound only has to be one a fair
// shuffle meets and a biased one does not (checked below with the classic naive shuffle).
const ORDERS = 24;
const DRAWS = 48_000;
const BOUND = 60;

test('random gives every one of the 24 orders about equally often', () => {
  const random = mulberry32(20128);
  const counts = new Map<string, number>();
  for (let i = 0; i < DRAWS; i++) {
    const order = shuffle(random).map((c) => c.key).join('');
    counts.set(order, (counts.get(order) ?? 0) + 1);
  }
  assert.equal(counts.size, ORDERS);
  const chi = chiSquare(counts, ORDERS, DRAWS);
  assert.ok(chi < BOUND, `chi-square ${chi.toFixed(1)} over ${BOUND}`);
});

test('the same bound rejects the naive swap-with-any-index shuffle', () => {
  const random = mulberry32(20128);
  const counts = new Map<string, number>();
  for (let i = 0; i < DRAWS; i++) {
    const order = cs.map((c) => c.key);
    for (let k = 0; k < order.length; k++) {
      const j = Math.floor(random() * order.length);
      [order[k], order[j]] = [order[j] as string, order[k] as string];
    }
    const joined = order.join('');
    counts.set(joined, (counts.get(joined) ?? 0) + 1);
  }
  assert.ok(chiSquare(counts, ORDERS, DRAWS) > BOUND * 10);
});

test('random is deterministic for a seed and survives edge values of the injected random', () => {
  const first = shuffle(mulberry32(7)).map((c) => c.key);
  assert.deepEqual(shuffle(mulberry32(7)).map((c) => c.key), first);
  for (const value of [0, 0.9999999999, 1, Number.NaN]) {
    const order = shuffle(() => value).map((c) => c.key);
    assert.deepEqual([...order].sort(), ['a', 'b', 'c', 'd']);
  }
  assert.deepEqual(shuffle(() => 0.3, []), []);
  assert.deepEqual(shuffle(() => 0.3, [{ key: 'only', priority: 1 }]).map((c) => c.key), ['only']);
});

test('random does not reorder the caller array', () => {
  const frozen = Object.freeze([...cs]);
  shuffle(mulberry32(1), frozen);
  assert.deepEqual(frozen.map((c) => c.key), ['a', 'b', 'c', 'd']);
});
