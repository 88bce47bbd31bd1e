import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barTone, formatAmount, parseWindowName, percentOf, usedShare } from './quota-window.js';

test('window names as the gateway spells them', () => {
  assert.deepEqual(parseWindowName('rolling-5h'), { kind: 'rolling', hours: 5 });
  assert.deepEqual(parseWindowName('fixed-24h'), { kind: 'fixed', hours: 24 });
  assert.deepEqual(parseWindowName('fixed-1.5h'), { kind: 'fixed', hours: 1.5 });
  assert.deepEqual(parseWindowName('weekly'), { kind: 'weekly' });
  assert.deepEqual(parseWindowName('key-limit'), { kind: 'key-limit', period: null });
  assert.deepEqual(parseWindowName('key-limit-monthly'), { kind: 'key-limit', period: 'monthly' });
  assert.deepEqual(parseWindowName('balance'), { kind: 'balance' });
  assert.deepEqual(parseWindowName('headers-requests'), { kind: 'headers', unit: 'requests' });
  assert.deepEqual(parseWindowName('headers-tokens'), { kind: 'headers', unit: 'tokens' });
  assert.deepEqual(parseWindowName('key-limit-yearly'), { kind: 'other', name: 'key-limit-yearly' });
  assert.deepEqual(parseWindowName('session'), { kind: 'other', name: 'session' });
});

test('used share from used, or from what is left; none without a limit', () => {
  assert.equal(usedShare({ used: 5, limit: 20, remaining: 15, exhausted: false }), 0.25);
  assert.equal(usedShare({ used: null, limit: 10, remaining: 4, exhausted: false }), 0.6);
  assert.equal(usedShare({ used: null, limit: null, remaining: 4, exhausted: false }), null);
  assert.equal(usedShare({ used: 0, limit: 0, remaining: 0, exhausted: false }), null);
  assert.equal(usedShare({ used: 30, limit: 20, remaining: 0, exhausted: false }), 1, 'clamped');
  assert.equal(usedShare({ used: 9.99, limit: 10, remaining: 0.01, exhausted: true }), 1, 'spent is full');
});

test('bar tone and the percent a screen reader hears', () => {
  assert.equal(barTone(0.5), 'ok');
  assert.equal(barTone(0.8), 'warn');
  assert.equal(barTone(1), 'bad');
  assert.equal(barTone(0.1, true), 'bad');
  assert.equal(percentOf(0.996), 99, 'not full until it is');
  assert.equal(percentOf(1), 100);
  assert.equal(percentOf(0.254), 25);
});

test('amounts by unit in the locale', () => {
  assert.equal(formatAmount('en', 'requests', 12345), '12,345');
  assert.equal(formatAmount('en', 'usd', 12.5), '$12.50');
  assert.equal(formatAmount('en', 'usd', 0.0123), '$0.0123');
  assert.match(formatAmount('zh-CN', 'cny', 3), /¥3\.00/);
});
