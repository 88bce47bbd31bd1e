import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarPeriod, fixedPeriod } from './calendar-period.js';
import { createWindowCounter } from './window-counter.js';
import { amountOf } from './usage-amount.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string): number => Date.parse(iso);

test('rolling 5-hour window: used, remaining and reset countdown as uses leave the window', () => {
  const t0 = at('2026-01-05T10:00:00Z');
  const w = createWindowCounter({ kind: 'rolling', hours: 5, limit: 3, unit: 'requests' });
  w.add(t0, 1);
  w.add(t0 + HOUR + 10_000, 1);
  w.add(t0 + 2 * HOUR + 30_000, 1);

  const full = w.read(t0 + 2 * HOUR + MIN);
  assert.deepEqual(full, { used: 3, limit: 3, remaining: 0, resetAt: t0 + 5 * HOUR + MIN, exhausted: true });
  // The first use's minute must have left the window entirely: never a minute early.
  assert.equal(w.read(t0 + 5 * HOUR + MIN - 1).used, 3);
  assert.equal(w.read(t0 + 5 * HOUR + MIN - 1).resetAt, t0 + 5 * HOUR + MIN);

  const one = w.read(t0 + 5 * HOUR + MIN);
  assert.deepEqual(one, { used: 2, limit: 3, remaining: 1, resetAt: t0 + 6 * HOUR + MIN, exhausted: false });
  assert.equal(w.read(t0 + 7 * HOUR + MIN - 1).used, 1);
  assert.deepEqual(w.read(t0 + 7 * HOUR + MIN), { used: 0, limit: 3, remaining: 3, resetAt: undefined, exhausted: false });
});

test('rolling window over its limit resets when enough has left to be below the limit', () => {
  const t0 = at('2026-01-05T10:00:00Z');
  const w = createWindowCounter({ kind: 'rolling', hours: 5, limit: 2, unit: 'requests' });
  for (const h of [0, 1, 2]) w.add(t0 + h * HOUR, 1);
  const r = w.read(t0 + 3 * HOUR);
  assert.equal(r.used, 3);
  assert.equal(r.resetAt, t0 + 6 * HOUR + MIN, 'two uses must leave before one more fits');
  assert.equal(w.read(t0 + 5 * HOUR + MIN).exhausted, true);
  assert.equal(w.read(t0 + 6 * HOUR + MIN).exhausted, false);
});

test('rolling window keeps usage per minute and counts tokens', () => {
  const t0 = at('2026-01-05T10:00:00Z');
  const w = createWindowCounter({ kind: 'rolling', hours: 5, limit: 1000, unit: 'tokens' });
  w.add(t0 + 1_000, amountOf({ ts: t0, status: 200, inputTokens: 100, outputTokens: 50 }, 'tokens'));
  w.add(t0 + 59_000, amountOf({ ts: t0, status: 200, inputTokens: 300, outputTokens: 50 }, 'tokens'));
  assert.deepEqual(w.read(t0 + 2 * MIN), { used: 500, limit: 1000, remaining: 500, resetAt: t0 + 5 * HOUR + MIN, exhausted: false });
  assert.equal(w.since(t0 + 5 * HOUR), t0 - MIN);
});

test('weekly window runs Monday 00:00 UTC to the next Monday, whatever day it is read', () => {
  const monday = at('2026-01-05T00:00:00Z');
  const next = at('2026-01-12T00:00:00Z');
  assert.deepEqual(calendarPeriod('weekly', at('2026-01-07T15:00:00Z')), { start: monday, end: next });
  assert.deepEqual(calendarPeriod('weekly', at('2026-01-11T23:59:59Z')), { start: monday, end: next }, 'Sunday is the last day');
  assert.deepEqual(calendarPeriod('weekly', monday), { start: monday, end: next });

  const w = createWindowCounter({ kind: 'weekly', limit: 10, unit: 'usd' });
  w.add(at('2026-01-04T23:59:00Z'), 7); // the Sunday before: last week
  w.add(at('2026-01-06T09:00:00Z'), 2.5);
  w.add(at('2026-01-11T23:59:59Z'), amountOf({ ts: 0, status: 200, costUsd: 1.5 }, 'usd'));
  assert.deepEqual(w.read(next - 1), { used: 4, limit: 10, remaining: 6, resetAt: next, exhausted: false });
  assert.equal(w.read(next - 1).resetAt! - (next - 1), 1, 'countdown to Monday midnight');
  assert.deepEqual(w.read(next), { used: 0, limit: 10, remaining: 10, resetAt: at('2026-01-19T00:00:00Z'), exhausted: false });
  assert.equal(w.since(next - 1), monday);
});

test('weekly window: a late use from last week does not count in this one', () => {
  const w = createWindowCounter({ kind: 'weekly', limit: 2, unit: 'requests' });
  w.add(at('2026-01-12T08:00:00Z'), 1);
  w.add(at('2026-01-11T23:00:00Z'), 1);
  assert.equal(w.read(at('2026-01-12T09:00:00Z')).used, 1);
});

test('daily and monthly windows follow UTC calendar days and months', () => {
  assert.deepEqual(calendarPeriod('daily', at('2026-03-10T23:59:59Z')), { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') });
  assert.deepEqual(calendarPeriod('monthly', at('2026-01-31T12:00:00Z')), { start: at('2026-01-01T00:00:00Z'), end: at('2026-02-01T00:00:00Z') });
  assert.deepEqual(calendarPeriod('monthly', at('2025-12-15T00:00:00Z')), { start: at('2025-12-01T00:00:00Z'), end: at('2026-01-01T00:00:00Z') });
  const d = createWindowCounter({ kind: 'daily', limit: 2, unit: 'requests' });
  d.add(at('2026-03-10T10:00:00Z'), 1);
  d.add(at('2026-03-10T11:00:00Z'), 1);
  assert.equal(d.read(at('2026-03-10T12:00:00Z')).exhausted, true);
  assert.equal(d.read(at('2026-03-11T00:00:00Z')).exhausted, false);
});

test('fixed window resets every `hours` from its anchor, before the anchor too', () => {
  const anchor = at('2026-01-01T07:00:00Z');
  assert.deepEqual(fixedPeriod(24, anchor, at('2026-01-05T06:59:59Z')), { start: at('2026-01-04T07:00:00Z'), end: at('2026-01-05T07:00:00Z') });
  assert.deepEqual(fixedPeriod(24, anchor, at('2026-01-05T07:00:00Z')), { start: at('2026-01-05T07:00:00Z'), end: at('2026-01-06T07:00:00Z') });
  assert.deepEqual(fixedPeriod(24, anchor, at('2025-12-31T08:00:00Z')), { start: at('2025-12-31T07:00:00Z'), end: at('2026-01-01T07:00:00Z') });

  const w = createWindowCounter({ kind: 'fixed', hours: 5, anchor: '2025-12-31T02:00:00Z', limit: 2, unit: 'requests' });
  w.add(at('2026-01-05T08:00:00Z'), 1);
  w.add(at('2026-01-05T11:59:00Z'), 1);
  const r = w.read(at('2026-01-05T11:59:30Z'));
  assert.deepEqual(r, { used: 2, limit: 2, remaining: 0, resetAt: at('2026-01-05T12:00:00Z'), exhausted: true });
  assert.equal(w.read(at('2026-01-05T12:00:00Z')).used, 0);
});

test('a request the upstream refused uses nothing; one cut short uses what it reported', () => {
  assert.equal(amountOf({ ts: 0, status: 429 }, 'requests'), 0);
  assert.equal(amountOf({ ts: 0, status: 499, inputTokens: 10, outputTokens: 3 }, 'requests'), 1);
  assert.equal(amountOf({ ts: 0, status: 499, inputTokens: 10, outputTokens: 3 }, 'tokens'), 13);
  assert.equal(amountOf({ ts: 0, status: 200 }, 'usd'), 0);
});
