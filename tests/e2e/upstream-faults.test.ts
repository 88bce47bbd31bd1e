/**
 * What a client sees when the upstream misbehaves: a timeout before the first byte is a
 * timeout error in the client's shape, and a stream cut after content has started ends
 * with an error event, never a clean finish.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { HARNESS_FORMATS } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness({ gateway: { upstreamTimeouts: { firstByteMs: 300 } } });
});
after(() => h.close());

// Each test starts with no queued faults and fresh accounts (no cooldowns or open breakers).
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

test('one slow first byte is retried invisibly; a provider that never answers is a 504 in the client format', async () => {
  const { apiKey, model } = UPSTREAMS.anthropic;
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-first-byte', ms: 2_000 } });
  const before = h.mock.requests.length;
  const ok = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  assert.equal(ok.data.choices[0]?.message.content, 'Hello! You said: hi');
  assert.equal(ok.response.headers.get('x-omniroute-attempts'), '2');
  assert.equal(h.mock.requests.length - before, 2);

  h.mock.inject({ match: { apiKey }, times: 100, fault: { kind: 'slow-first-byte', ms: 2_000 } });
  // Another prompt: an identical one would be answered from the first (idempotency window).
  const err = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello again' }] }).catch((e: unknown) => e);
  assert.ok(err instanceof OpenAI.APIError, String(err));
  assert.equal(err.status, 504);
});

test('connection dropped before any header: retried, and a 502 in the client format when it persists', async () => {
  const { apiKey, model } = UPSTREAMS['openai-chat'];
  h.mock.inject({ match: { apiKey }, times: 100, fault: { kind: 'drop-before-headers' } });
  const client = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
  const before = h.mock.requests.length;
  const err = await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
  assert.ok(err instanceof Anthropic.APIError, String(err));
  assert.equal(err.status, 502);
  const calls = h.mock.requests.length - before;
  assert.ok(calls >= 2 && calls <= 6, `bounded retries, got ${calls}`);
});

for (const upstream of HARNESS_FORMATS) {
  test(`stream cut mid-way by the ${upstream} upstream: the OpenAI client gets an error, not a clean end`, async () => {
    const { apiKey, model } = UPSTREAMS[upstream];
    h.mock.inject({ match: { apiKey }, fault: { kind: 'drop-mid-stream', afterEvents: 3 } });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'one two three four five six seven' }] });
    let text = '';
    let finished = false;
    const err = await (async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finished = true;
      }
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error, 'the SDK raised an error');
    assert.equal(finished, false, 'no finish_reason was sent');
    assert.ok(!text.includes('seven'), 'the answer did not complete');
  });

  test(`stream cut mid-way by the ${upstream} upstream: the Anthropic client gets an error event`, async () => {
    const { apiKey, model } = UPSTREAMS[upstream];
    h.mock.inject({ match: { apiKey }, fault: { kind: 'drop-mid-stream', afterEvents: 3 } });
    const client = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
    const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'one two three four five six seven' }] });
    let stopped = false;
    stream.on('streamEvent', (e) => {
      if (e.type === 'message_stop') stopped = true;
    });
    await assert.rejects(stream.finalMessage());
    assert.equal(stopped, false, 'no message_stop was sent');
  });
}
