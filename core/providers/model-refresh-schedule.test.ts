import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleModelRefresh } from './model-refresh-schedule.js';

const DAY = 24 * 60 * 60_000;

test('reads lists never read or older than a day, one at a time, and keeps going past a failure', async () => {
  const now = 10 * DAY;
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const refreshed: string[] = [];
  const schedule = scheduleModelRefresh({
    due: async () => [
      { id: 'groq', refreshedAt: null },
      { id: 'offline', refreshedAt: null },
      { id: 'fresh', refreshedAt: now - 60_000 },
      { id: 'stale', refreshedAt: now - DAY - 1 },
    ],
    refresh: async (id) => {
      if (id === 'offline') throw new Error('ECONNREFUSED');
      refreshed.push(id);
    },
    now: () => now,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return {};
    },
    clearTimer: () => undefined,
  });
  assert.deepEqual(timers.map((t) => t.ms), [10 * 60_000], 'nothing is read at start; the first check waits ten minutes');
  assert.deepEqual(await schedule.check(), ['groq', 'stale']);
  assert.deepEqual(refreshed, ['groq', 'stale']);
  timers[0]!.fn();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(timers.at(-1)!.ms, 60 * 60_000, 'then hourly checks');
  schedule.stop();
});
