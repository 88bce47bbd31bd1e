import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { IdempotencyCache } from './idempotency.js';

test('the body hash ignores key order and spacing, not values', () => {
  const a = IdempotencyCache.bodyHash({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
  const b = IdempotencyCache.bodyHash(JSON.parse('{ "max_tokens": 5, "messages": [ { "content": "hi", "role": "user" } ], "model": "m" }'));
  assert.equal(a, b);
  assert.notEqual(a, IdempotencyCache.bodyHash({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 6 }));
  assert.notEqual(IdempotencyCache.bodyHash([1, 2]), IdempotencyCache.bodyHash([2, 1]), 'array order is content');
});

test('keys are per client, endpoint and Idempotency-Key', () => {
  const base = { clientKey: 'k1', path: '/v1/chat/completions', idempotencyKey: 'abc' };
  const key = IdempotencyCache.key(base);
  assert.equal(IdempotencyCache.key({ ...base }), key);
  assert.notEqual(IdempotencyCache.key({ ...base, clientKey: 'k2' }), key);
  assert.notEqual(IdempotencyCache.key({ ...base, path: '/v1/messages' }), key);
  assert.notEqual(IdempotencyCache.key({ ...base, idempotencyKey: 'abd' }), key);
});

test('lookup: new, then wait while in flight, replay within the window, mismatch for another body, new after the window', async () => {
  let now = 1_000;
  const cache = new IdempotencyCache(3_000, () => now);
  const body = IdempotencyCache.bodyHash({ q: 1 });
  const other = IdempotencyCache.bodyHash({ q: 2 });
  assert.deepEqual(cache.lookup('k', body), { kind: 'new' });

  let release!: () => void;
  const server = createServer((_req, res) => {
    void cache.lead('k', body, res, async () => {
      await new Promise<void>((r) => (release = r));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    const first = fetch(`http://127.0.0.1:${port}/`);
    while (cache.lookup('k', body).kind === 'new') await new Promise((r) => setTimeout(r, 5));
    const waiting = cache.lookup('k', body);
    assert.equal(waiting.kind, 'wait');
    assert.deepEqual(cache.lookup('k', other), { kind: 'mismatch' }, 'in flight with another body');
    release();
    assert.equal(await (await first).text(), '{"a":1}');
    const shared = waiting.kind === 'wait' ? await waiting.response : undefined;
    assert.equal(shared?.body.toString(), '{"a":1}');

    const kept = cache.lookup('k', body);
    assert.equal(kept.kind, 'replay');
    assert.deepEqual(cache.lookup('k', other), { kind: 'mismatch' }, 'answered with another body');
    now += 3_001;
    assert.deepEqual(cache.lookup('k', other), { kind: 'new' }, 'the window is over: the key is free');
  } finally {
    server.close();
  }
});
