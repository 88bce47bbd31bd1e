import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillFirst } from './fill-first.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate, StrategyInput } from './types.js';

const input = (candidates: Candidate[]): StrategyInput => ({
  candidates,
  stats: () => ({ inFlight: 0, used: 0 }),
  state: INITIAL_STRATEGY_STATE,
  random: () => 0.5,
});
const keys = (cs: readonly Candidate[]): string[] => cs.map((c) => c.key);

test('fill-first orders by priority whatever the input order', () => {
  const cs = [
    { key: 'c', priority: 3 },
    { key: 'a', priority: 1 },
    { key: 'd', priority: 10 },
    { key: 'b', priority: 2 },
  ];
  for (let rotation = 0; rotation < cs.length; rotation++) {
    const rotated = [...cs.slice(rotation), ...cs.slice(0, rotation)];
    assert.deepEqual(keys(fillFirst(input(rotated)).order), ['a', 'b', 'c', 'd']);
  }
});

test('fill-first keeps the input order among equal priorities', () => {
  const cs = [
    { key: 'z', priority: 5 },
    { key: 'x', priority: 1 },
    { key: 'y', priority: 5 },
    { key: 'w', priority: 1 },
  ];
  assert.deepEqual(keys(fillFirst(input(cs)).order), ['x', 'w', 'z', 'y']);
});

test('fill-first sticks to priority 1 until it is removed, then falls to the next', () => {
  const cs = [
    { key: 'second', priority: 2 },
    { key: 'first', priority: 1 },
    { key: 'third', priority: 3 },
  ];
  let state = INITIAL_STRATEGY_STATE;
  for (let i = 0; i < 100; i++) {
    const out = fillFirst({ ...input(cs), state });
    assert.equal(out.order[0]?.key, 'first');
    state = out.state;
  }
  const cooled = cs.filter((c) => c.key !== 'first');
  assert.deepEqual(keys(fillFirst(input(cooled)).order), ['second', 'third']);
  assert.deepEqual(keys(fillFirst(input(cooled.filter((c) => c.key !== 'second'))).order), ['third']);
  assert.deepEqual(fillFirst(input([])).order, []);
});
