import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUsagePoller, pollBackoffMs } from './usage-poller.js';
import type { EndpointReading } from './usage-poller.js';

function harness(answers: Array<{ status: number; json: unknown } | Error>, targets = 1, start = Date.parse('2026-01-07T12:00:00Z')) {
  let now = start;
  const timers: Array<{ fn: () => void; at: number; cleared: boolean }> = [];
  const readings: EndpointReading[] = [];
  const failures: number[] = [];
  let fetched = 0;
  const poller = createUsagePoller({
    targets: () => Array.from({ length: targets }, (_, i) => ({ connectionId: `c${i}`, url: 'http://127.0.0.1:1/api/v1/key', headers: {}, reader: 'openrouter-key' as const })),
    fetchJson: async () => {
      fetched += 1;
      const next = answers.shift() ?? new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void ((t as { cleared: boolean }).cleared = true),
    intervalMs: 300_000,
    backoffBaseMs: 10_000,
    maxBackoffMs: 40_000,
    onReading: (_id, r) => void readings.push(r),
    onFailure: (_id, _reason, n) => void failures.push(n),
  });
  /** Moves the clock to the pending timer and runs it. */
  const fire = async (): Promise<number> => {
    const t = timers.filter((x) => !x.cleared).at(-1);
    assert.ok(t, 'a timer is armed');
    t.cleared = true;
    const waited = t.at - now;
    now = t.at;
    t.fn();
    await new Promise((r) => setImmediate(r));
    return waited;
  };
  return { poller, fire, readings, failures, timers, fetched: () => fetched };
}

const ok = (remaining: number) => ({ status: 200, json: { data: { limit: 10, usage: 10 - remaining, limit_remaining: remaining, limit_reset: null } } });

test('backoff doubles per failure up to its cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => pollBackoffMs(n, 10_000, 40_000)), [10_000, 20_000, 40_000, 40_000, 40_000]);
});

test('polls at start, then on the interval; failures back off exponentially and a good read resets it', async () => {
  const h = harness([ok(7), { status: 500, json: {} }, new Error('ECONNRESET'), { status: 200, json: { nope: 1 } }, ok(3)]);
  h.poller.start();
  await new Promise((r) => setImmediate(r));
  assert.equal(h.readings.length, 1);
  assert.equal(h.readings[0]?.windows[0]?.remaining, 7);
  assert.equal(await h.fire(), 300_000, 'next read after the interval');
  assert.equal(await h.fire(), 10_000);
  assert.equal(await h.fire(), 20_000);
  assert.deepEqual(h.failures, [1, 2, 3]);
  assert.equal(await h.fire(), 40_000);
  assert.equal(h.readings.at(-1)?.windows[0]?.remaining, 3);
  assert.equal(await h.fire(), 300_000, 'back to the interval');
  h.poller.stop();
  assert.ok(h.timers.every((t) => t.cleared), 'stop clears the timer');
});

test('nothing polls when no account has a usage endpoint', async () => {
  const h = harness([ok(1)], 0);
  h.poller.start();
  await new Promise((r) => setImmediate(r));
  assert.equal(h.fetched(), 0);
  assert.equal(h.timers.length, 0);
  h.poller.stop();
});

test('an exhausted window whose reset comes before the next read is read again just after the reset', async () => {
  const start = Date.parse('2026-01-07T23:58:00Z');
  const spent = { status: 200, json: { data: { limit: 10, usage: 10, limit_remaining: 0, limit_reset: 'daily' } } };
  const h = harness([spent, ok(10)], 1, start);
  h.poller.start();
  await new Promise((r) => setImmediate(r));
  assert.equal(h.readings[0]?.windows[0]?.exhausted, true);
  assert.equal(await h.fire(), 2 * 60_000 + 1_000, 'one second after midnight, not after the 5-minute interval');
  assert.equal(h.readings.at(-1)?.windows[0]?.remaining, 10);
  h.poller.stop();
});

test('start, stop and start again while a read is still out leaves one timer chain, not two', async () => {
  let now = Date.parse('2026-01-07T12:00:00Z');
  const timers: Array<{ fn: () => void; at: number; cleared: boolean }> = [];
  const pending: Array<(answer: { status: number; json: unknown }) => void> = [];
  const failures: string[] = [];
  const poller = createUsagePoller({
    targets: () => [{ connectionId: 'c0', url: 'http://127.0.0.1:1/api/v1/key', headers: {}, reader: 'openrouter-key' }],
    // Like a slow upstream that ignores the abort: the answer still comes, after the restart.
    fetchJson: () => new Promise((resolve) => void pending.push(resolve)),
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void ((t as { cleared: boolean }).cleared = true),
    intervalMs: 300_000,
    onReading: () => {},
    onFailure: (_id, reason) => void failures.push(reason),
  });
  const settle = () => new Promise((r) => setImmediate(r));
  const armed = () => timers.filter((t) => !t.cleared);

  poller.start();
  poller.stop();
  poller.start();
  assert.equal(pending.length, 2, 'each start reads once');
  for (const answer of pending.splice(0)) answer(ok(5));
  await settle();
  assert.equal(armed().length, 1, 'only the current start keeps a schedule');
  assert.deepEqual(failures, []);

  const next = armed()[0]!;
  next.cleared = true;
  now = next.at;
  next.fn();
  assert.equal(pending.length, 1, 'one read per interval');
  pending.shift()?.(ok(4));
  await settle();
  assert.equal(armed().length, 1);
  poller.stop();
  assert.equal(armed().length, 0, 'stop leaves nothing armed');
});
