import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyPassed, countdownParts, durationParts } from './quota-countdown.js';

test('durations pick the largest unit and keep seconds below a day', () => {
  assert.deepEqual(durationParts(0), { template: 's', d: 0, h: 0, m: 0, s: 0 });
  assert.deepEqual(durationParts(59_999), { template: 's', d: 0, h: 0, m: 0, s: 59 });
  assert.deepEqual(durationParts(61_000), { template: 'ms', d: 0, h: 0, m: 1, s: 1 });
  assert.deepEqual(durationParts(5 * 3_600_000 - 1000), { template: 'hms', d: 0, h: 4, m: 59, s: 59 });
  assert.deepEqual(durationParts(2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5000), { template: 'dhm', d: 2, h: 3, m: 4, s: 5 });
  assert.deepEqual(durationParts(-5000), { template: 's', d: 0, h: 0, m: 0, s: 0 }, 'negative is zero');
});

test('a countdown rounds up and changes every second', () => {
  const at = 1_000_000;
  assert.equal(countdownParts(at, at - 1).s, 1, 'one ms left still shows a second');
  assert.equal(countdownParts(at, at).s, 0);
  assert.equal(countdownParts(at, at + 5000).s, 0, 'past is zero');
  const a = countdownParts(at, at - 10_500);
  const b = countdownParts(at, at - 9_500);
  assert.deepEqual([a.s, b.s], [11, 10]);
});

test('a reload is due only when a time is crossed between two ticks', () => {
  assert.equal(anyPassed([null, 1500, undefined], 1000, 2000), true);
  assert.equal(anyPassed([500], 1000, 2000), false, 'already past before the tick');
  assert.equal(anyPassed([2500], 1000, 2000), false, 'still to come');
  assert.equal(anyPassed([2000], 1000, 2000), true, 'the end itself counts');
  assert.equal(anyPassed([], 1000, 2000), false);
});
