import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { Stream } from 'openai/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CanonicalRequest, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { ChatStreamDecoder } from './stream-decode.js';
import { ChatStreamEncoder } from './stream-encode.js';

const request: CanonicalRequest = { model: 'gpt-4o', system: [], messages: [], stream: true, includeUsage: true };
const ctx = { requestId: 'abc123', now: 1_700_000_000_000, model: 'gpt-4o', request };

const answer: StreamEvent[] = [
  { type: 'start', id: 'up', model: 'upstream', created: 5 },
  { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'anthropic' } },
  { type: 'delta', index: 0, delta: { type: 'thinking', text: 'Need the ' } },
  { type: 'delta', index: 0, delta: { type: 'thinking', text: 'weather.' } },
  { type: 'delta', index: 0, delta: { type: 'signature', signature: 'sig', origin: 'anthropic' } },
  { type: 'part_end', index: 0 },
  { type: 'part_start', index: 1, part: { type: 'text' } },
  { type: 'delta', index: 1, delta: { type: 'text', text: 'Checking ' } },
  { type: 'delta', index: 1, delta: { type: 'text', text: 'both.' } },
  { type: 'part_end', index: 1 },
  { type: 'part_start', index: 2, part: { type: 'tool_call', id: 'toolu_1', name: 'get_weather' } },
  { type: 'delta', index: 2, delta: { type: 'arguments', json: '{"city":' } },
  { type: 'delta', index: 2, delta: { type: 'arguments', json: ' "Paris"}' } },
  { type: 'part_end', index: 2 },
  { type: 'part_start', index: 3, part: { type: 'tool_call', id: 'toolu_2', name: 'get_weather' } },
  { type: 'delta', index: 3, delta: { type: 'arguments', json: '{"city": "Rome"}' } },
  { type: 'part_end', index: 3 },
  { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 60 } },
  { type: 'finish', stopReason: 'tool_use' },
  { type: 'usage', usage: { outputTokens: 42, reasoningTokens: 7 } },
  { type: 'end' },
];

function encode(events: StreamEvent[], options: Partial<typeof ctx> = {}): string {
  const encoder = new ChatStreamEncoder({ ...ctx, ...options });
  return events.map((e) => encoder.push(e)).join('');
}

/** Serves `body` as an event stream on 127.0.0.1 and hands an SDK client pointed at it to `run`. */
async function withServer(body: string, run: (client: OpenAI) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Write in small pieces so the SDK's own SSE framing is exercised.
      for (let i = 0; i < body.length; i += 17) res.write(body.slice(i, i + 17));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('stream encode: the openai SDK accumulates the encoded stream into the same answer', async () => {
  await withServer(encode(answer), async (client) => {
    const stream = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } });
    const final = await stream.finalChatCompletion();
    assert.equal(final.id, 'chatcmpl-abc123');
    assert.equal(final.model, 'gpt-4o');
    assert.equal(final.created, 1_700_000_000);
    const choice = final.choices[0];
    assert.ok(choice);
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.message.content, 'Checking both.');
    assert.deepEqual(choice.message.tool_calls, [
      { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } },
    ]);
    assert.deepEqual(final.usage, {
      prompt_tokens: 100,
      completion_tokens: 42,
      total_tokens: 142,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 7 },
    });
  });
});

test('stream encode: the SDK sees reasoning_content deltas and plain text answers', async () => {
  const text = encode(answer);
  const stream = Stream.fromSSEResponse<ChatCompletionChunk>(
    new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
    new AbortController(),
  );
  let reasoning = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    const delta: unknown = chunk.choices[0]?.delta;
    if (typeof delta === 'object' && delta !== null && 'reasoning_content' in delta && typeof delta.reasoning_content === 'string') {
      reasoning += delta.reasoning_content;
    }
  }
  assert.equal(reasoning, 'Need the weather.');
  // role, 2 thinking, 2 text, 1 + 2 + 1 + 1 tool call chunks, finish, usage.
  assert.equal(chunks, 12);

  const plain: StreamEvent[] = [
    { type: 'start', id: 'x', model: 'm', created: 0 },
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'Hello' } },
    { type: 'part_end', index: 0 },
    { type: 'finish', stopReason: 'max_tokens' },
    { type: 'end' },
  ];
  await withServer(encode(plain, { request: { ...request, includeUsage: undefined } }), async (client) => {
    const final = await client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
    assert.equal(final.choices[0]?.message.content, 'Hello');
    assert.equal(final.choices[0]?.finish_reason, 'length');
    assert.equal(final.usage, undefined);
  });
});

test('stream encode: an error mid-stream makes the SDK throw an APIError with the message', async () => {
  const events: StreamEvent[] = [
    answer[0]!,
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'Hel' } },
    { type: 'error', error: { status: 429, kind: 'rate_limit', message: 'All accounts are rate limited.' } },
    { type: 'end' },
  ];
  const text = encode(events);
  assert.ok(!text.includes('[DONE]'));
  await withServer(text, async (client) => {
    const stream = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(stream.finalChatCompletion(), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.message, 'All accounts are rate limited.');
      assert.equal(error.type, 'rate_limit_error');
      assert.equal(error.code, 'rate_limit_exceeded');
      return true;
    });
  });
});

test('stream encode: our own decoder reads the encoded stream back to the same parts', () => {
  const parser = new SseParser();
  const decoder = new ChatStreamDecoder({ requestId: 'abc123', now: 0 });
  const events = [...parser.push(encode(answer)), ...parser.end()].flatMap((m) => decoder.push(m));
  events.push(...decoder.end());
  const strip = (list: StreamEvent[]): StreamEvent[] =>
    list.filter((e) => e.type !== 'start' && e.type !== 'usage' && !(e.type === 'delta' && e.delta.type === 'signature'));
  const withoutOrigin = strip(answer).map((e) => (e.type === 'part_start' && e.part.type === 'thinking' ? { ...e, part: { type: 'thinking' as const } } : e));
  assert.deepEqual(strip(events), withoutOrigin);
  assert.deepEqual(events.find((e) => e.type === 'usage'), {
    type: 'usage',
    usage: { inputTokens: 100, outputTokens: 42, cachedInputTokens: 60, reasoningTokens: 7 },
  });
});

test('stream encode: nothing is written after an error or after the end', () => {
  const encoder = new ChatStreamEncoder(ctx);
  encoder.push(answer[0]!);
  assert.notEqual(encoder.push({ type: 'error', error: { status: 500, kind: 'api_error', message: 'x' } }), '');
  assert.equal(encoder.push({ type: 'finish', stopReason: 'end_turn' }), '');
  assert.equal(encoder.push({ type: 'end' }), '');

  const ended = new ChatStreamEncoder(ctx);
  ended.push(answer[0]!);
  assert.ok(ended.push({ type: 'end' }).endsWith('data: [DONE]\n\n'));
  assert.equal(ended.push({ type: 'error', error: { status: 500, kind: 'api_error', message: 'late' } }), '');
});
