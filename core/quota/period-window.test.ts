import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarPeriod } from './calendar-period.js';
import type { Period } from './calendar-period.js';
import { createPeriodWindow } from './period-window.js';

const at = (iso: string): number => Date.parse(iso);

function counted() {
  let calls = 0;
  const periodAt = (t: number): Period => {
    calls += 1;
    return calendarPeriod('daily', t);
  };
  return { window: createPeriodWindow(periodAt), calls: () => calls };
}

test('reads inside the current period do no calendar math after the first', () => {
  const c = counted();
  c.window.add(at('2026-01-07T09:00:00Z'), 2);
  const before = c.calls();
  for (let m = 0; m < 100; m += 1) assert.equal(c.window.used(at('2026-01-07T10:00:00Z') + m * 60_000), 2);
  assert.equal(c.window.used(at('2026-01-07T23:59:59.999Z')), 2);
  assert.equal(c.calls(), before, 'the period is kept, not worked out again per read');
  assert.equal(c.window.used(at('2026-01-08T00:00:00Z')), 0);
  assert.equal(c.calls(), before + 1, 'leaving the period works out the next one once');
  assert.equal(c.window.used(at('2026-01-08T06:00:00Z')), 0);
  assert.equal(c.calls(), before + 1);
  assert.deepEqual(c.window.period(at('2026-01-08T02:00:00Z')), { start: at('2026-01-08T00:00:00Z'), end: at('2026-01-09T00:00:00Z') });
  assert.equal(c.calls(), before + 1);
});

test('a use from an earlier period and a read after the period ends count as before', () => {
  const c = counted();
  c.window.add(at('2026-01-07T09:00:00Z'), 3);
  assert.equal(c.window.used(at('2026-01-07T12:00:00Z')), 3);
  c.window.add(at('2026-01-06T23:59:00Z'), 5); // a long request from yesterday finishing today
  assert.equal(c.window.used(at('2026-01-07T12:00:00Z')), 3, 'it belongs to yesterday');
  assert.equal(c.window.used(at('2026-01-06T23:59:30Z')), 0, 'yesterday is not kept');
  c.window.add(at('2026-01-07T13:00:00Z'), 1);
  assert.equal(c.window.used(at('2026-01-07T23:59:59.999Z')), 4);
  assert.equal(c.window.used(at('2026-01-08T00:00:00Z')), 0, 'the day is over');
  assert.equal(c.window.used(at('2026-01-07T23:00:00Z')), 4, 'asking about the day again still finds it');
  c.window.add(at('2026-01-08T01:00:00Z'), 7);
  assert.equal(c.window.used(at('2026-01-08T02:00:00Z')), 7, 'a use in the next day starts it afresh');
  assert.equal(c.window.used(at('2026-01-07T23:00:00Z')), 0);
});
