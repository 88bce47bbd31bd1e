import { test } from 'node:test';
import assert from 'node:assert/strict';
import { powerOfTwoChoices } from './p2c.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate, CandidateStats } from './types.js';
import { mulberry32 } from '../../../tests/fixtures/seeded-random.js';

const pick = (candidates: readonly Candidate[], stats: Record<string, Partial<CandidateStats>>, random: () => number): Candidate[] =>
  powerOfTwoChoices({
    candidates,
    stats: (key) => ({ inFlight: 0, used: 0, ...stats[key] }),
    state: INITIAL_STRATEGY_STATE,
    random,
  }).order;

const leadCounts = (runs: number, draw: () => Candidate[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    const lead = draw()[0]?.key ?? 'none';
    counts[lead] = (counts[lead] ?? 0) + 1;
  }
  return counts;
};

// Input order deliberately not by load, and priorities that would favour the busiest.
const three: Candidate[] = [
  { key: 'medium', priority: 2 },
  { key: 'busy', priority: 1 },
  { key: 'idle', priority: 3 },
];
const RUNS = 10_000;

test('p2c leads with the less loaded of two distinct samples', () => {
  const random = mulberry32(42);
  const counts = leadCounts(RUNS, () => pick(three, { idle: { inFlight: 0 }, medium: { inFlight: 3 }, busy: { inFlight: 7 } }, random));
  // The least loaded leads whenever it is sampled (2 of the 3 pairs), the middle one when paired
  // with the busiest; the busiest could only win a pair with itself, which must never happen.
  assert.equal(counts.busy, undefined);
  assert.ok((counts.idle ?? 0) > 0.6 * RUNS && (counts.idle ?? 0) < 0.73 * RUNS, `idle led ${counts.idle}`);
  assert.ok((counts.medium ?? 0) > 0.27 * RUNS && (counts.medium ?? 0) < 0.4 * RUNS, `medium led ${counts.medium}`);
});

test('with two candidates the pair is always both, so the less loaded always leads', () => {
  const random = mulberry32(3);
  const two = three.slice(0, 2);
  const counts = leadCounts(1000, () => pick(two, { medium: { inFlight: 1 }, busy: { inFlight: 2 } }, random));
  assert.deepEqual(counts, { medium: 1000 });
});

test('latency breaks in-flight ties, and unknown latency counts as fastest', () => {
  const random = mulberry32(9);
  const stats = { medium: { latencyMs: 400 }, busy: { latencyMs: 900 }, idle: { latencyMs: 150 } };
  const counts = leadCounts(RUNS, () => pick(three, stats, random));
  assert.equal(counts.busy, undefined);
  assert.ok((counts.idle ?? 0) > 0.6 * RUNS);
  const fresh = leadCounts(1000, () => pick(three.slice(0, 2), { medium: { latencyMs: 20 } }, random));
  assert.deepEqual(fresh, { busy: 1000 });
  // In-flight load outranks latency.
  const loaded = leadCounts(1000, () => pick(three.slice(0, 2), { medium: { latencyMs: 5000 }, busy: { inFlight: 1, latencyMs: 1 } }, random));
  assert.deepEqual(loaded, { medium: 1000 });
});

test('an idle gateway spreads its leads evenly', () => {
  const random = mulberry32(11);
  const counts = leadCounts(RUNS * 3, () => pick(three, {}, random));
  for (const key of ['idle', 'medium', 'busy']) {
    assert.ok(Math.abs((counts[key] ?? 0) - RUNS) < 0.05 * RUNS, `${key} led ${counts[key]}`);
  }
});

test('after the lead come the rest by load, ties by priority', () => {
  const cs: Candidate[] = [
    { key: 'p3-load1', priority: 3 },
    { key: 'p1-load2', priority: 1 },
    { key: 'p2-load1', priority: 2 },
    { key: 'p0-load0-slow', priority: 0 },
    { key: 'p9-load0', priority: 9 },
  ];
  const stats = {
    'p3-load1': { inFlight: 1 },
    'p1-load2': { inFlight: 2 },
    'p2-load1': { inFlight: 1 },
    'p0-load0-slow': { latencyMs: 300 },
    'p9-load0': { latencyMs: 100 },
  };
  const byLoad = ['p9-load0', 'p0-load0-slow', 'p2-load1', 'p3-load1', 'p1-load2'];
  const random = mulberry32(5);
  for (let i = 0; i < 200; i++) {
    const order = pick(cs, stats, random).map((c) => c.key);
    const lead = order[0] ?? '';
    assert.deepEqual(order.slice(1), byLoad.filter((k) => k !== lead));
  }
});

test('p2c keeps the two samples distinct even at the edges of the injected random', () => {
  for (const value of [0, 0.9999999999, 1]) {
    // A constant random samples the same slot twice unless the second draw skips the first.
    const busyFirst = [three[1], three[0], three[2]] as Candidate[];
    const order = pick(busyFirst, { idle: { inFlight: 0 }, medium: { inFlight: 3 }, busy: { inFlight: 7 } }, () => value);
    assert.equal(order.length, 3);
    assert.notEqual(order[0]?.key, 'busy');
  }
  assert.deepEqual(pick([], {}, () => 0.5), []);
  assert.deepEqual(pick([three[0] as Candidate], {}, () => 0.5).map((c) => c.key), ['medium']);
});
