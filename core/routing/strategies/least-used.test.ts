import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leastUsed } from './least-used.js';
import { INITIAL_STRATEGY_STATE } from './types.js';
import type { Candidate, StrategyInput } from './types.js';

const input = (candidates: Candidate[], used: Record<string, number>): StrategyInput => ({
  candidates,
  stats: (key) => ({ inFlight: 0, used: used[key] ?? 0 }),
  state: INITIAL_STRATEGY_STATE,
  random: () => 0.5,
});
const keys = (cs: readonly Candidate[]): string[] => cs.map((c) => c.key);

test('least-used puts the fewest requests first, ties by priority then input order', () => {
  const cs = [
    { key: 'a', priority: 1 },
    { key: 'b', priority: 2 },
    { key: 'c', priority: 3 },
    { key: 'd', priority: 2 },
    { key: 'e', priority: 2 },
  ];
  const out = leastUsed(input(cs, { a: 40, b: 7, c: 3, d: 7, e: 12 }));
  assert.deepEqual(keys(out.order), ['c', 'b', 'd', 'e', 'a']);
  assert.deepEqual(keys(leastUsed(input(cs, {})).order), ['a', 'b', 'd', 'e', 'c']);
});

test('always sending to the least used keeps counts level, starting from uneven history', () => {
  const cs = [
    { key: 'a', priority: 1 },
    { key: 'b', priority: 2 },
    { key: 'c', priority: 3 },
  ];
  const used: Record<string, number> = { a: 10, b: 0, c: 4 };
  const leads: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 300; i++) {
    const lead = leastUsed(input(cs, used)).order[0]?.key ?? 'none';
    leads[lead] = (leads[lead] ?? 0) + 1;
    used[lead] = (used[lead] ?? 0) + 1;
  }
  // 314 requests in total end as 105/105/104, the extra one on the best priority.
  assert.deepEqual(used, { a: 105, b: 105, c: 104 });
  assert.deepEqual(leads, { a: 95, b: 105, c: 100 });
});
