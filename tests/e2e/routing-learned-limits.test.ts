/**
 * Learned limits: what a provider's rate-limit headers say is remembered per account (and
 * survives a restart), and a spent window sends the next request elsewhere before the
 * provider has to refuse it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';

test('a spent window cools the account until its reset; the limits persist across a restart', async () => {
  let now = 1_800_000_000_000;
  const h = await startHarness({
    gateway: { clock: () => now },
    extraConnections: [{ provider: 'up-chat', label: 'backup', apiKey: 'key-up-chat-backup', priority: 200 }],
  });
  try {
    const { apiKey, model } = UPSTREAMS['openai-chat'];
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
    h.mock.inject({
      match: { apiKey },
      fault: { kind: 'headers', headers: { 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20s' } },
    });
    const first = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'one' }] }).withResponse();
    assert.equal(first.response.headers.get('x-omniroute-account'), 'main', 'the answer itself is delivered');
    const status = await h.gateway.control.call('routing.status', {});
    assert.equal(status.limits.length, 1);
    assert.deepEqual({ ...status.limits[0], key: '' }, { key: '', at: now, requestsLimit: 3, requestsRemaining: 0, resetAt: now + 20_000 });

    const second = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'two' }] }).withResponse();
    assert.equal(second.response.headers.get('x-omniroute-account'), 'backup', 'main is not sent a request it would refuse');
    assert.equal(second.response.headers.get('x-omniroute-attempts'), '1');

    now += 21_000;
    const third = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'three' }] }).withResponse();
    assert.equal(third.response.headers.get('x-omniroute-account'), 'main', 'back after the window refilled');

    await h.restart();
    const restored = await h.gateway.control.call('routing.status', {});
    assert.equal(restored.limits[0]?.requestsLimit, 3, 'learned limits survive a restart');
  } finally {
    await h.close();
  }
});
