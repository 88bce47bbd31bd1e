import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BUCKET, RANGE_PRESETS, isBucket, isRangePreset, isSplit, rangeOf } from './usage-range.js';

test('a preset ends just after now and spans its length', () => {
  assert.deepEqual(rangeOf('24h', 100_000_000), { from: 100_000_000 - 86_400_000, to: 100_000_001 });
  assert.equal(rangeOf('12mo', 0).from, -365 * 86_400_000);
});

test('every preset has a default bucket that keeps the gateway under its bucket limit', () => {
  const size = { hour: 3_600_000, day: 86_400_000, month: 28 * 86_400_000 };
  for (const p of RANGE_PRESETS) {
    const { from, to } = rangeOf(p, 0);
    assert.ok((to - from) / size[DEFAULT_BUCKET[p]] <= 200, p);
    // Even hourly buckets over a year stay under the gateway's 10,000.
    assert.ok((to - from) / size.hour < 9_999, p);
  }
});

test('guards accept only the known choices', () => {
  assert.ok(isRangePreset('7d') && !isRangePreset('8d'));
  assert.ok(isBucket('month') && !isBucket('week'));
  assert.ok(isSplit('account') && !isSplit('none'));
});
