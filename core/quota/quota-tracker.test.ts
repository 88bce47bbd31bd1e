import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuotaTracker } from './quota-tracker.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-01-07T10:00:00Z');

test('blocked while any window is spent, until the last spent one refills', () => {
  const tracker = createQuotaTracker([
    {
      connectionId: 'a',
      describe: 'Claude account "work"',
      windows: [
        { kind: 'rolling', hours: 5, limit: 2, unit: 'requests' },
        { kind: 'weekly', limit: 3, unit: 'requests' },
      ],
    },
  ]);
  tracker.record('a', { ts: t0, status: 200 });
  tracker.record('a', { ts: t0 + HOUR, status: 429 });
  assert.equal(tracker.blocked('a', t0 + HOUR), undefined, 'a refused request uses nothing');
  tracker.record('a', { ts: t0 + HOUR, status: 200 });
  assert.deepEqual(tracker.blocked('a', t0 + HOUR), {
    until: t0 + 5 * HOUR + 60_000,
    message: 'Claude account "work" has used its 5-hour rolling quota (2 of 2 requests)',
  });
  tracker.record('a', { ts: t0 + 7 * HOUR, status: 200 });
  const block = tracker.blocked('a', t0 + 7 * HOUR);
  assert.equal(block?.until, Date.parse('2026-01-12T00:00:00Z'), 'the weekly window ends later than the rolling one');
  assert.match(block?.message ?? '', /weekly quota \(3 of 3 requests\)/);
  assert.equal(tracker.blocked('b', t0), undefined, 'an account without windows is never blocked');
});

test('restoreSince reaches back to the earliest use any window still counts', () => {
  const tracker = createQuotaTracker([
    { connectionId: 'a', describe: 'x', windows: [{ kind: 'rolling', hours: 5, limit: 2, unit: 'tokens' }, { kind: 'daily', limit: 9, unit: 'usd' }] },
    { connectionId: 'b', describe: 'y', windows: [] },
  ]);
  assert.equal(tracker.restoreSince('a', t0), Date.parse('2026-01-07T00:00:00Z'));
  assert.equal(tracker.restoreSince('a', Date.parse('2026-01-07T02:00:00Z')), Date.parse('2026-01-06T20:59:00Z'));
  assert.equal(tracker.restoreSince('b', t0), undefined);
  assert.deepEqual(tracker.connectionIds(), ['a']);
});
