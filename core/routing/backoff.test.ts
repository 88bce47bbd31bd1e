import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffCeiling, backoffDelay } from './backoff.js';

const fixed = (value: number) => () => value;

test('the ceiling doubles per attempt and stops at the maximum', () => {
  const ceilings = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffCeiling({ attempt, baseMs: 100, maxMs: 2_000 }));
  assert.deepEqual(ceilings, [100, 200, 400, 800, 1_600, 2_000, 2_000]);
});

test('full jitter draws across the whole window', () => {
  assert.equal(backoffDelay({ attempt: 3, baseMs: 100, maxMs: 10_000, random: fixed(0) }), 0);
  assert.equal(backoffDelay({ attempt: 3, baseMs: 100, maxMs: 10_000, random: fixed(0.5) }), 400);
  assert.equal(backoffDelay({ attempt: 3, baseMs: 100, maxMs: 10_000, random: fixed(0.999_999) }), 799);
});

test('every delay stays inside [0, ceiling) and uses the window', () => {
  // A small deterministic generator (LCG) so the test is repeatable.
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const delays = Array.from({ length: 2_000 }, () => backoffDelay({ attempt: 4, baseMs: 50, maxMs: 60_000, random }));
  assert.ok(delays.every((d) => Number.isInteger(d) && d >= 0 && d < 800));
  assert.ok(Math.min(...delays) < 80, 'some delays near the bottom');
  assert.ok(Math.max(...delays) > 720, 'some delays near the top');
});

test('out-of-range inputs stay bounded', () => {
  assert.equal(backoffDelay({ attempt: 5_000, baseMs: 100, maxMs: 30_000, random: fixed(0.5) }), 15_000);
  assert.equal(backoffDelay({ attempt: -3, baseMs: 100, maxMs: 30_000, random: fixed(0.5) }), 50);
  assert.equal(backoffDelay({ attempt: 5_000, baseMs: 0, maxMs: 30_000, random: fixed(0.5) }), 0);
  assert.equal(backoffDelay({ attempt: 2, baseMs: 100, maxMs: 30_000, random: fixed(7) }), 399);
  assert.equal(backoffDelay({ attempt: 2, baseMs: 100, maxMs: 30_000, random: fixed(Number.NaN) }), 0);
});
