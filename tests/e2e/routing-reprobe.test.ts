/**
 * Self-healing cooldowns: a reset far away is re-probed with a cheap request instead of
 * being trusted, and a successful probe gives the account back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';

test('a day-long cooldown is probed with a one-token request after reprobeAfterMs and lifted when the probe succeeds', async () => {
  let now = 1_800_000_000_000;
  const h = await startHarness({ extraConfig: 'routing:\n  reprobeAfterMs: 60000\n', gateway: { clock: () => now } });
  try {
    const { apiKey, model } = UPSTREAMS['openai-chat'];
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
    h.mock.inject({ match: { apiKey }, fault: { kind: 'status', status: 429, retryAfter: '86400' } });
    await assert.rejects(client.chat.completions.create({ model, messages: [{ role: 'user', content: 'a' }] }), OpenAI.RateLimitError);
    const cooling = await h.gateway.control.call('routing.status', {});
    assert.equal(cooling.cooldowns.length, 1);
    assert.ok(cooling.cooldowns[0]!.until >= now + 86_400_000 - 1000);

    assert.equal(await h.gateway.probe(), 0, 'no probe before reprobeAfterMs');
    const before = h.mock.requests.length;
    await assert.rejects(client.chat.completions.create({ model, messages: [{ role: 'user', content: 'b' }] }), OpenAI.RateLimitError);
    assert.equal(h.mock.requests.length, before, 'the cooled account is not called');

    now += 61_000;
    assert.equal(await h.gateway.probe(), 1, 'one probe is due');
    const probe = h.mock.requests.at(-1)!;
    assert.equal(probe.apiKey, apiKey);
    assert.equal((probe.body as { max_tokens?: number }).max_tokens, 1, 'the probe asks for one token');
    assert.deepEqual((await h.gateway.control.call('routing.status', {})).cooldowns, [], 'the probe lifted the cooldown');
    const ok = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'c' }] });
    assert.equal(ok.choices[0]?.message.content, 'Hello! You said: c');
  } finally {
    await h.close();
  }
});
