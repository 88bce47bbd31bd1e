import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DASH, formatCost, formatMs, rowTimeFormatter, statusTone } from './logs-format.js';

test('durations: ms below a second, then seconds', () => {
  assert.equal(formatMs(null), DASH);
  assert.equal(formatMs(850.4), '850 ms');
  assert.equal(formatMs(1234), '1.23 s');
  assert.equal(formatMs(75_000), '75.0 s');
});

test('costs keep small amounts visible', () => {
  assert.equal(formatCost('en', 0.000123), '$0.00012');
  assert.equal(formatCost('en', 0), '$0.00');
  assert.equal(formatCost('zh-CN', 0.000123), '$0.00012');
  assert.equal(formatCost('en', 12.5), '$12.50');
});

test('row times carry seconds in 24-hour form', () => {
  assert.match(rowTimeFormatter('en').format(new Date(2024, 2, 10, 15, 4, 5)), /03\/10.*15:04:05/);
});

test('status tones: success, throttled, failed', () => {
  assert.deepEqual([200, 429, 500, 404].map(statusTone), ['ok', 'warn', 'bad', 'bad']);
});
