import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLimiter } from './limiter.js';

test('maxConcurrent queues the excess in order and starts it on release', async () => {
  const limiter = createLimiter({ limits: { maxConcurrent: 2 }, now: Date.now, maxWaitMs: 5_000 });
  const a = await limiter.acquire();
  const b = await limiter.acquire();
  assert.ok(a.ok && b.ok);
  const order: string[] = [];
  const c = limiter.acquire().then((r) => (order.push('c'), r));
  const d = limiter.acquire().then((r) => (order.push('d'), r));
  await sleep(10);
  assert.equal(limiter.queued(), 2);
  assert.deepEqual(order, []);
  a.release();
  const rc = await c;
  assert.ok(rc.ok);
  assert.deepEqual(order, ['c']);
  b.release();
  assert.ok((await d).ok);
  assert.deepEqual(order, ['c', 'd']);
  assert.equal(limiter.inFlight(), 2);
});

test('a request that waits longer than maxWaitMs is shed with a retry hint', async () => {
  const limiter = createLimiter({ limits: { maxConcurrent: 1 }, now: Date.now, maxWaitMs: 30 });
  const held = await limiter.acquire();
  const shed = await limiter.acquire();
  assert.equal(shed.ok, false);
  assert.ok(!shed.ok && shed.retryAfterMs >= 1000);
  assert.equal(limiter.queued(), 0);
  if (held.ok) held.release();
  assert.ok((await limiter.acquire()).ok, 'capacity is back after release');
});

test('requestsPerMinute admits that many per window, then waits for the window', async () => {
  let t = 0;
  const limiter = createLimiter({ limits: { requestsPerMinute: 3 }, now: () => t, maxWaitMs: 10 });
  for (let i = 0; i < 3; i++) {
    const r = await limiter.acquire();
    assert.ok(r.ok);
    r.release();
  }
  const fourth = await limiter.acquire();
  assert.ok(!fourth.ok, 'the 4th in the same minute is shed (maxWaitMs is short)');
  assert.ok(!fourth.ok && fourth.retryAfterMs >= 59_000);
  t = 60_001;
  assert.ok((await limiter.acquire()).ok, 'a new window admits again');
});

test('minGapMs spaces starts', async () => {
  let t = 1_000;
  const limiter = createLimiter({ limits: { minGapMs: 500 }, now: () => t, maxWaitMs: 10 });
  assert.ok((await limiter.acquire()).ok);
  assert.equal((await limiter.acquire()).ok, false);
  t += 500;
  assert.ok((await limiter.acquire()).ok);
});

test('a release twice does not free two slots', async () => {
  const limiter = createLimiter({ limits: { maxConcurrent: 1 }, now: Date.now, maxWaitMs: 20 });
  const a = await limiter.acquire();
  assert.ok(a.ok);
  a.release();
  a.release();
  const b = await limiter.acquire();
  assert.ok(b.ok);
  assert.equal((await limiter.acquire()).ok, false);
});
