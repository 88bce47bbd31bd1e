import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../tests/fixtures/seeded-random.js';
import { BUCKET_MS, createRollingWindow } from './rolling-window.js';

/** The definition, computed the slow way: every use kept, summed and searched on each read. */
function naive(windowMs: number) {
  const uses: Array<{ start: number; amount: number }> = [];
  const live = (now: number) =>
    uses.filter((u) => u.start + BUCKET_MS + windowMs > now && u.start <= now).sort((a, b) => a.start - b.start);
  return {
    add(ts: number, amount: number) {
      if (amount > 0) uses.push({ start: Math.floor(ts / BUCKET_MS) * BUCKET_MS, amount });
    },
    used: (now: number) => live(now).reduce((s, u) => s + u.amount, 0),
    resetAt(now: number, limit: number): number | undefined {
      const rows = live(now);
      if (rows.length === 0) return undefined;
      let sum = rows.reduce((s, u) => s + u.amount, 0);
      if (sum < limit) return rows[0]!.start + BUCKET_MS + windowMs;
      for (const u of rows) {
        sum -= u.amount;
        // Uses of one minute leave together, so stopping inside a minute gives its time too.
        if (sum < limit) return u.start + BUCKET_MS + windowMs;
      }
      return undefined;
    },
  };
}

test('the bucketed window agrees with the definition over a long random history, late uses included', () => {
  const windowMs = 5 * 3_600_000;
  const random = mulberry32(42);
  const fast = createRollingWindow(windowMs);
  const slow = naive(windowMs);
  let now = Date.UTC(2026, 10, 25, 8);
  for (let step = 0; step < 3_000; step++) {
    now += Math.floor(random() * 20 * 60_000);
    // Mostly now; sometimes a use from earlier (read back from the log, or finishing late).
    const ts = random() < 0.9 ? now : now - Math.floor(random() * 6 * 3_600_000);
    const amount = Math.floor(random() * 50);
    fast.add(ts, amount);
    slow.add(ts, amount);
    const limit = 200 + Math.floor(random() * 400);
    assert.equal(fast.used(now), slow.used(now), `used at step ${step}`);
    assert.equal(fast.resetAt(now, limit), slow.resetAt(now, limit), `resetAt at step ${step}`);
  }
});

test('a clock that goes back does not count uses from its future', () => {
  const w = createRollingWindow(3_600_000);
  const t = Date.UTC(2026, 0, 1, 12);
  w.add(t, 5);
  w.add(t + 10 * 60_000, 7);
  assert.equal(w.used(t + 10 * 60_000), 12);
  assert.equal(w.used(t + 60_000), 5);
  assert.equal(w.resetAt(t + 60_000, 100), t + BUCKET_MS + 3_600_000);
});
