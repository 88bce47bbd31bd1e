import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundRobin } from './round-robin.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate, StrategyState } from './types.js';
import { mulberry32 } from '../../../tests/fixtures/seeded-random.js';

/** Calls round-robin like the gateway does: keeping the returned state, never sharing it. */
class Group {
  state: StrategyState = INITIAL_STRATEGY_STATE;
  constructor(readonly sticky?: number) {}
  next(candidates: readonly Candidate[]): string[] {
    const out = roundRobin({
      candidates,
      stats: () => ({ inFlight: 0, used: 0 }),
      state: this.state,
      random: () => {
        throw new Error('round-robin must not draw random numbers');
      },
      sticky: this.sticky,
    });
    this.state = Object.freeze(out.state);
    return out.order.map((c) => c.key);
  }
  leads(candidates: readonly Candidate[], calls: number): string[] {
    return Array.from({ length: calls }, () => this.next(candidates)[0] ?? 'none');
  }
}

// Input order is not priority order: the ring follows priority.
const four: Candidate[] = [
  { key: 'c', priority: 3 },
  { key: 'a', priority: 1 },
  { key: 'd', priority: 4 },
  { key: 'b', priority: 2 },
];
const without = (cs: readonly Candidate[], ...keys: string[]): Candidate[] => cs.filter((c) => !keys.includes(c.key));
const tally = (leads: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const k of leads) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
};
const runs = (leads: readonly string[]): number[] => {
  const lengths: number[] = [];
  leads.forEach((k, i) => (i > 0 && leads[i - 1] === k ? (lengths[lengths.length - 1] as number)++ : lengths.push(1)));
  return lengths;
};

test('round-robin rotates the lead in priority order and distributes leads exactly evenly', () => {
  const group = new Group();
  assert.deepEqual(group.leads(four, 8), ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
  const k = 250;
  assert.deepEqual(tally(new Group().leads(four, 4 * k)), { a: k, b: k, c: k, d: k });
});

test('with sticky n, each candidate leads exactly n calls in a row', () => {
  for (const sticky of [2, 3, 7]) {
    const k = 20;
    const leads = new Group(sticky).leads(four, 4 * sticky * k);
    assert.deepEqual(tally(leads), { a: sticky * k, b: sticky * k, c: sticky * k, d: sticky * k });
    assert.ok(runs(leads).every((n) => n === sticky), `sticky ${sticky}: ${runs(leads).join(',')}`);
  }
  assert.deepEqual(new Group(2).leads(four, 6), ['a', 'a', 'b', 'b', 'c', 'c']);
  // Nonsense sticky values behave as 1.
  for (const sticky of [0, -3, Number.NaN, 0.5]) assert.deepEqual(new Group(sticky).leads(four, 4), ['a', 'b', 'c', 'd']);
});

test('after the leader the rest follow in priority order', () => {
  const group = new Group();
  assert.deepEqual(group.next(four), ['a', 'b', 'c', 'd']);
  assert.deepEqual(group.next(four), ['b', 'a', 'c', 'd']);
  assert.deepEqual(group.next(four), ['c', 'a', 'b', 'd']);
  assert.deepEqual(group.next(four), ['d', 'a', 'b', 'c']);
});

test('when the leader cools down its successor takes over; when it returns it rejoins the ring', () => {
  const group = new Group();
  assert.deepEqual(group.leads(four, 2), ['a', 'b']);
  assert.deepEqual(group.leads(without(four, 'b'), 3), ['c', 'd', 'a']);
  assert.deepEqual(group.leads(four, 4), ['b', 'c', 'd', 'a']);
  // The leader and the one before it both gone: still the leader's successor.
  const other = new Group();
  assert.deepEqual(other.leads(four, 3), ['a', 'b', 'c']);
  assert.deepEqual(other.leads(without(four, 'a', 'c'), 2), ['d', 'b']);
  // The successor gone as well: wrap round.
  const third = new Group();
  assert.deepEqual(third.leads(four, 3), ['a', 'b', 'c']);
  assert.deepEqual(third.leads(without(four, 'c', 'd'), 2), ['a', 'b']);
});

test('a sticky leader keeps its streak when others come and go, and a new leader starts fresh', () => {
  const group = new Group(3);
  assert.deepEqual(group.leads(four, 2), ['a', 'a']);
  assert.deepEqual(group.leads(without(four, 'c'), 1), ['a']);
  assert.deepEqual(group.leads(four, 3), ['b', 'b', 'b']);
  assert.deepEqual(group.leads(four, 1), ['c']);
  assert.deepEqual(group.leads(without(four, 'c'), 4), ['d', 'd', 'd', 'a']);
});

test('random churn of the candidate set never crashes and never skips anyone for good', () => {
  const random = mulberry32(2024);
  const all: Candidate[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((key, i) => ({ key, priority: Math.floor(i / 2) }));
  for (const sticky of [1, 2, 3]) {
    const group = new Group(sticky);
    for (let phase = 0; phase < 300; phase++) {
      const set = all.filter(() => random() < 0.6);
      const orders = Array.from({ length: Math.max(1, set.length) * sticky }, () => group.next(set));
      for (const order of orders) assert.deepEqual([...order].sort(), set.map((c) => c.key).sort());
      if (set.length === 0) continue;
      // Within one turn of a stable ring (a leftover streak included) everyone leads at least once.
      const led = new Set(orders.map((o) => o[0]));
      assert.equal(led.size, set.length, `sticky ${sticky}, phase ${phase}`);
    }
  }
});

test('round-robin returns new state and leaves the given state alone', () => {
  const before = { leader: 'b', ring: ['a', 'b', 'c', 'd'], streak: 1 };
  const copy = structuredClone(before);
  const out = roundRobin({ candidates: four, stats: () => ({ inFlight: 0, used: 0 }), state: before, random: () => 0 });
  assert.deepEqual(before, copy);
  assert.deepEqual(out.state, { leader: 'c', ring: ['a', 'b', 'c', 'd'], streak: 1 });
  // A state from another ring (persisted, or from before a config change) still gives a valid lead.
  const foreign = [
    { leader: 'gone', streak: 5 },
    { leader: 'gone', ring: ['x', 'gone', 'y'], streak: 0 },
    { leader: 'gone', ring: ['gone', 'd'], streak: 0 },
  ];
  const leads = foreign.map((state) => roundRobin({ candidates: four, stats: () => ({ inFlight: 0, used: 0 }), state, random: () => 0 }).order[0]?.key);
  assert.deepEqual(leads, ['a', 'a', 'd']);
  const empty = roundRobin({ candidates: [], stats: () => ({ inFlight: 0, used: 0 }), state: before, random: () => 0 });
  assert.deepEqual(empty, { order: [], state: before });
});
