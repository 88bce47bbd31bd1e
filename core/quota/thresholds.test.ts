import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelOf, nextLevel } from './thresholds.js';
import type { QuotaEventLevel, QuotaLevel } from './thresholds.js';

/** Feeds successive usage values through nextLevel and collects the events. */
function run(useds: number[], limit: number): QuotaEventLevel[] {
  let level: QuotaLevel = 0;
  const events: QuotaEventLevel[] = [];
  for (const used of useds) {
    const next = nextLevel(level, used, limit);
    level = next.level;
    if (next.event !== undefined) events.push(next.event);
  }
  return events;
}

test('levels at 80, 95 and 100 %', () => {
  assert.equal(levelOf(79, 100), 0);
  assert.equal(levelOf(80, 100), 80);
  assert.equal(levelOf(94.9, 100), 80);
  assert.equal(levelOf(95, 100), 95);
  assert.equal(levelOf(100, 100), 100);
  assert.equal(levelOf(130, 100), 100);
  assert.equal(levelOf(5, 0), 0);
});

test('each crossing is reported once, not per request', () => {
  assert.deepEqual(run([10, 50, 80, 85, 90, 95, 96, 100, 100, 120], 100), [80, 95, 100]);
});

test('several levels crossed at once report only the highest', () => {
  assert.deepEqual(run([50, 100], 100), [100]);
  assert.deepEqual(run([79, 96], 100), [95]);
});

test('refilled when it falls back below 80 %, and crossings count again after it', () => {
  assert.deepEqual(run([100, 0, 30, 85], 100), [100, 'refilled', 80]);
  assert.deepEqual(run([0, 10], 100), [], 'nothing to refill');
});

test('a partial fall that stays above 80 % is silent, and rising again is a new crossing', () => {
  assert.deepEqual(run([100, 90, 100], 100), [100, 100]);
  assert.deepEqual(run([96, 85, 96], 100), [95, 95]);
});
