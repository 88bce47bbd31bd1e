/**
 * The benchmark's upstream speaks the real wire formats: the official SDKs read its answers,
 * streamed and not, and the benchmark's own stream client counts every delta.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createFastUpstream } from './fast-upstream.js';
import { runStreams } from './stream-client.js';
import { chatPath, clientHeaders, DELTA_MARKER, requestBody, STREAM_CHUNKS, streamTerminator } from './wire-fixtures.js';

async function start(): Promise<{ server: Server; url: string }> {
  const server = createFastUpstream({ chunkIntervalMs: 1, holdMs: 300, holdIntervalMs: 50 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function markers(text: string): number {
  return text.split(DELTA_MARKER).length - 1;
}

test('the benchmark requests are about 1 KB in both formats', () => {
  for (const format of ['openai-chat', 'anthropic'] as const) {
    const size = Buffer.byteLength(requestBody(format, 'bench-openai/mock-gpt', false));
    assert.ok(size > 900 && size < 1300, `${format}: ${size} bytes`);
  }
});

test('the OpenAI SDK reads the completion and the chunk stream, usage included', async () => {
  const { server, url } = await start();
  try {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const completion = await openai.chat.completions.create({ model: 'mock-gpt', messages });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.ok(markers(completion.choices[0]?.message.content ?? '') > 0);
    assert.equal(completion.usage?.total_tokens, (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));

    const stream = openai.chat.completions.stream({ model: 'mock-gpt', messages, stream_options: { include_usage: true } });
    const final = await stream.finalChatCompletion();
    assert.equal(markers(final.choices[0]?.message.content ?? ''), STREAM_CHUNKS);
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    assert.equal(final.usage?.completion_tokens, STREAM_CHUNKS);
  } finally {
    server.close();
  }
});

test('the Anthropic SDK reads the message and the event stream', async () => {
  const { server, url } = await start();
  try {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 });
    const params = { model: 'mock-claude', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
    const message = await anthropic.messages.create(params);
    assert.equal(message.type, 'message');
    assert.equal(message.stop_reason, 'end_turn');
    const block = message.content[0];
    assert.ok(block?.type === 'text' && markers(block.text) > 0);

    const final = await anthropic.messages.stream(params).finalMessage();
    const streamed = final.content[0];
    assert.ok(streamed?.type === 'text');
    assert.equal(markers(streamed.text), STREAM_CHUNKS);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.output_tokens, STREAM_CHUNKS);
  } finally {
    server.close();
  }
});

test('flood and hold streams are complete too, and a request without a key is refused', async () => {
  const { server, url } = await start();
  try {
    for (const format of ['openai-chat', 'anthropic'] as const) {
      const model = format === 'openai-chat' ? 'mock-gpt' : 'mock-claude';
      const target = { url: url + chatPath(format), headers: clientHeaders(format), terminator: streamTerminator(format) };
      const flood = await runStreams({ ...target, body: requestBody(format, `${model}-flood`, true), expectedDeltas: STREAM_CHUNKS }, { concurrency: 3, count: 6 });
      assert.deepEqual([flood.completed, flood.failed, flood.firstFailure], [6, 0, undefined]);
      assert.ok(flood.ttfb.p50 <= flood.total.p50);
      const hold = await runStreams({ ...target, body: requestBody(format, `${model}-hold`, true) }, { concurrency: 2, count: 2 });
      assert.deepEqual([hold.completed, hold.failed], [2, 0]);
      assert.ok(hold.total.p50 >= 250, `a held stream lasts its hold time, got ${hold.total.p50} ms`);
    }
    const refused = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' });
    assert.equal(refused.status, 401);
  } finally {
    server.close();
  }
});
