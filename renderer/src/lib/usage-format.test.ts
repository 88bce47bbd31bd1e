import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketLabel, compactNumber, duration, formatValue, tickLabel, usd } from './usage-format.js';

const MAR_10 = Date.UTC(2024, 2, 10);

test('day and month buckets are named in UTC, in the UI language', () => {
  assert.equal(bucketLabel('en', 'day', MAR_10), 'Mar 10, 2024');
  assert.equal(bucketLabel('en', 'month', MAR_10), 'March 2024');
  assert.equal(bucketLabel('zh-CN', 'month', MAR_10), '2024年3月');
  assert.equal(tickLabel('zh-CN', 'day', MAR_10, false), '3月10日');
});

test('hour ticks show the time, and the date where a day begins', () => {
  const local = new Date(2024, 2, 10, 14).getTime();
  assert.equal(tickLabel('en', 'hour', local, false), '14:00');
  assert.equal(tickLabel('en', 'hour', local, true), 'Mar 10');
  assert.equal(tickLabel('en', 'hour', new Date(2024, 2, 11).getTime(), false), 'Mar 11');
});

test('numbers, dollars and durations', () => {
  assert.equal(compactNumber('en', 12_345), '12.3K');
  assert.equal(compactNumber('zh-CN', 12_345), '1.2万');
  assert.equal(usd('en', 0), '$0.00');
  assert.equal(usd('en', 0.00012), '$0.00012');
  assert.equal(usd('en', 0.5), '$0.50');
  assert.equal(usd('en', 12.345), '$12.35');
  assert.equal(duration('en', 120), '120 ms');
  assert.equal(duration('zh-CN', 120), '120毫秒');
  assert.equal(duration('en', 12_500), '12.5 sec');
  assert.equal(formatValue('en', 'count', 3), '3');
  assert.equal(formatValue('en', 'usd', 1), '$1.00');
});
