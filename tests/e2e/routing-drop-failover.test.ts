/**
 * A connection that drops before the first byte reached the client is failed over
 * invisibly: the official SDK sees one normal answer, streamed or not.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { BACKUP, callsWith, chat, openai } from './routing-fixtures.js';

let h: Harness;
before(async () => {
  h = await startHarness({ extraConnections: [BACKUP] });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

const { apiKey: MAIN_KEY, model: MODEL } = UPSTREAMS['openai-chat'];

describe('connection drop before the first byte', () => {
  test('dropped before any header: the next account answers, the client sees one answer', async () => {
    h.mock.inject({ match: { apiKey: MAIN_KEY }, fault: { kind: 'drop-before-headers' } });
    const r = await chat(h, MODEL, 'dropped');
    assert.equal(r.text, 'Hello! You said: dropped');
    assert.deepEqual([r.account, r.attempts, r.fallbacks], ['backup', '2', '1']);
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 1);
  });

  test('stream dropped after the headers, before any event: the OpenAI SDK stream is whole', async () => {
    h.mock.inject({ match: { apiKey: MAIN_KEY }, fault: { kind: 'drop-mid-stream', afterEvents: 0 } });
    const { data: stream, response } = await openai(h)
      .chat.completions.create({ model: MODEL, stream: true, messages: [{ role: 'user', content: 'one two three' }] })
      .withResponse();
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(text, 'Hello! You said: one two three');
    assert.equal(finish, 'stop');
    assert.equal(response.headers.get('x-omniroute-account'), 'backup');
    assert.equal(response.headers.get('x-omniroute-fallbacks'), '1');
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 1);
  });

  test('stream dropped before any event: the Anthropic SDK stream is whole', async () => {
    h.mock.inject({ match: { apiKey: MAIN_KEY }, fault: { kind: 'drop-mid-stream', afterEvents: 0 } });
    const client = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'four five' }] });
    const message = await stream.finalMessage();
    assert.deepEqual(message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['Hello! You said: four five']);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 1);
  });
});
