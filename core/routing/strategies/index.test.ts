import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGY_NAMES } from '../../config/index.js';
import { INITIAL_STRATEGY_STATE, STRATEGIES } from './index.js';
import type { Candidate, CandidateStats, StrategyName, StrategyState } from './index.js';
import { mulberry32 } from '../../../tests/fixtures/seeded-random.js';

test('the registry has exactly the strategies the config accepts', () => {
  assert.deepEqual(Object.keys(STRATEGIES).sort(), [...STRATEGY_NAMES].sort());
});

interface Rich extends Candidate {
  connectionId: string;
}

test('every strategy returns each candidate exactly once, as the same objects, for any input', () => {
  const random = mulberry32(99);
  const int = (n: number): number => Math.floor(random() * n);
  const names = Object.keys(STRATEGIES) as StrategyName[];
  const states = new Map<StrategyName, StrategyState>(names.map((n) => [n, INITIAL_STRATEGY_STATE]));
  for (let round = 0; round < 2000; round++) {
    const size = int(9);
    const candidates: Rich[] = Array.from({ length: size }, (_, i) => ({
      key: `conn${i}:model`,
      connectionId: `conn${i}`,
      priority: int(4),
      ...(random() < 0.7 ? { price: { input: int(20) / 4, output: int(80) / 4 } } : {}),
    }));
    const stats = new Map<string, CandidateStats>(
      candidates.map((c) => [c.key, { inFlight: int(3), used: int(5), ...(random() < 0.5 ? { latencyMs: int(500) } : {}) }]),
    );
    const frozen = Object.freeze([...candidates]);
    for (const name of names) {
      const out = STRATEGIES[name]({
        candidates: frozen,
        stats: (key) => stats.get(key) ?? assert.fail(`stats asked for unknown key ${key}`),
        state: states.get(name) ?? INITIAL_STRATEGY_STATE,
        random,
        sticky: 1 + int(3),
      });
      assert.equal(out.order.length, size, name);
      assert.equal(new Set(out.order).size, size, `${name} repeated a candidate`);
      for (const c of out.order) assert.ok(frozen.includes(c), `${name} returned a foreign candidate`);
      // Type-checks only because a strategy hands back the caller's own candidate type.
      const connectionIds: string[] = out.order.map((c) => c.connectionId);
      assert.deepEqual(connectionIds.sort(), candidates.map((c) => c.connectionId).sort());
      states.set(name, out.state);
    }
  }
});
