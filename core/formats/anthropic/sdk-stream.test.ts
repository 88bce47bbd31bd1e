import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { geminiCodec } from '../gemini/index.js';
import { anthropicCodec } from './index.js';
import { unwrapSignature } from './signature-wrap.js';

/**
 * The official SDK consumes what the encoders produce, over a real HTTP connection on
 * 127.0.0.1: the accumulated message must be what was encoded.
 */

const request: CanonicalRequest = { model: 'claude-test-model', system: [], messages: [], stream: true };
const ctx = { requestId: 'sdk1', now: 1_700_000_000_000, model: 'claude-test-model', request };

async function serve(contentType: string, body: string, status = 200): Promise<{ server: Server; baseURL: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': contentType });
      // Uneven pieces so the SDK's own SSE framing is exercised across chunk boundaries.
      for (let i = 0; i < body.length; i += 13) res.write(body.slice(i, i + 13));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseURL: `http://127.0.0.1:${port}` };
}

function client(baseURL: string): Anthropic {
  return new Anthropic({ apiKey: 'test-key', baseURL, maxRetries: 0 });
}

const params = { model: 'claude-test-model', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hi' }] };

test('the SDK accumulates the encoded stream: blocks, tool input, usage and signatures', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'up-1', model: 'gemini-2.5-pro', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'gemini' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'Weighing ' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'options.' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'CiQBgemini', origin: 'gemini' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'thinking', origin: 'anthropic' } },
    { type: 'delta', index: 1, delta: { type: 'thinking', text: 'Native.' } },
    { type: 'delta', index: 1, delta: { type: 'signature', signature: 'EqQBnative', origin: 'anthropic' } },
    { type: 'part_end', index: 1 },
    { type: 'part_start', index: 2, part: { type: 'text' } },
    { type: 'delta', index: 2, delta: { type: 'text', text: 'Checking the ' } },
    { type: 'delta', index: 2, delta: { type: 'text', text: 'weather.' } },
    { type: 'part_end', index: 2 },
    { type: 'part_start', index: 3, part: { type: 'tool_call', id: 'call_1', name: 'get_weather' } },
    { type: 'delta', index: 3, delta: { type: 'arguments', json: '{"location":' } },
    { type: 'delta', index: 3, delta: { type: 'arguments', json: ' "Paris", "days": [1,' } },
    { type: 'delta', index: 3, delta: { type: 'arguments', json: ' 2]}' } },
    { type: 'part_end', index: 3 },
    { type: 'finish', stopReason: 'tool_use' },
    // Usage after the finish, as OpenAI-style upstreams send it: message_delta must carry it.
    { type: 'usage', usage: { inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 50, outputTokens: 77 } },
    { type: 'end' },
  ];
  const encoder = anthropicCodec.createStreamEncoder(ctx);
  const sse = events.map((e) => encoder.push(e)).join('');
  const { server, baseURL } = await serve('text/event-stream', sse);
  try {
    const stream = client(baseURL).messages.stream(params);
    const signatures: string[] = [];
    stream.on('signature', (s) => signatures.push(s));
    const message = await stream.finalMessage();

    assert.equal(message.id, 'msg_sdk1');
    assert.equal(message.model, 'claude-test-model');
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.stop_sequence, null);
    assert.equal(message.usage.input_tokens, 150);
    assert.equal(message.usage.cache_read_input_tokens, 1000);
    assert.equal(message.usage.cache_creation_input_tokens, 50);
    assert.equal(message.usage.output_tokens, 77);

    assert.equal(message.content.length, 4);
    const [foreign, native, text, tool] = message.content;
    assert.ok(foreign?.type === 'thinking');
    assert.equal(foreign.thinking, 'Weighing options.');
    assert.deepEqual(unwrapSignature(foreign.signature), { signature: 'CiQBgemini', origin: 'gemini' });
    assert.ok(native?.type === 'thinking');
    assert.equal(native.thinking, 'Native.');
    assert.equal(native.signature, 'EqQBnative');
    assert.deepEqual(signatures, [foreign.signature, 'EqQBnative']);
    assert.ok(text?.type === 'text');
    assert.equal(text.text, 'Checking the weather.');
    assert.ok(tool?.type === 'tool_use');
    assert.equal(tool.id, 'call_1');
    assert.equal(tool.name, 'get_weather');
    assert.deepEqual(tool.input, { location: 'Paris', days: [1, 2] });

    // What Claude Code sends back next turn decodes to the same parts and origins.
    const next = anthropicCodec.decodeRequest(
      { ...params, messages: [...params.messages, { role: 'assistant', content: message.content }] },
      { requestId: 'sdk2', now: 0 },
    );
    assert.ok(next.ok);
    assert.deepEqual(next.value.messages[1]?.content.slice(0, 2), [
      { type: 'thinking', text: 'Weighing options.', signature: 'CiQBgemini', origin: 'gemini' },
      { type: 'thinking', text: 'Native.', signature: 'EqQBnative', origin: 'anthropic' },
    ]);
  } finally {
    server.close();
  }
});

test('an error event mid-stream makes the SDK throw that error, with no message_stop', async () => {
  const encoder = anthropicCodec.createStreamEncoder(ctx);
  const sse = [
    encoder.push({ type: 'start', id: 'x', model: 'm', created: 1 }),
    encoder.push({ type: 'part_start', index: 0, part: { type: 'text' } }),
    encoder.push({ type: 'delta', index: 0, delta: { type: 'text', text: 'Hal' } }),
    encoder.push({ type: 'error', error: { status: 529, kind: 'overloaded', message: 'Overloaded' } }),
    encoder.push({ type: 'end' }),
  ].join('');
  assert.ok(!sse.includes('message_stop'));
  const { server, baseURL } = await serve('text/event-stream', sse);
  try {
    const stream = client(baseURL).messages.stream(params);
    await assert.rejects(stream.finalMessage(), (err: unknown) => {
      assert.ok(err instanceof APIError);
      assert.deepEqual((err.error as { error?: unknown }).error, { type: 'overloaded_error', message: 'Overloaded' });
      return true;
    });
  } finally {
    server.close();
  }
});

test('the SDK reads the encoded non-streaming message and error bodies', async () => {
  const response: CanonicalResponse = {
    id: 'up',
    model: 'gpt-5',
    created: 1,
    content: [
      { type: 'thinking', text: 'hmm', origin: 'openai-responses' },
      { type: 'text', text: 'Done.' },
    ],
    stopReason: 'stop_sequence',
    stopSequence: 'END',
    usage: { inputTokens: 30, outputTokens: 4, cachedInputTokens: 10 },
  };
  const ok = await serve('application/json', JSON.stringify(anthropicCodec.encodeResponse(response, { ...ctx, request: { ...request, stream: false } })));
  try {
    const message = await client(ok.baseURL).messages.create(params);
    assert.equal(message.stop_reason, 'stop_sequence');
    assert.equal(message.stop_sequence, 'END');
    assert.equal(message.usage.input_tokens, 20);
    assert.equal(message.usage.cache_read_input_tokens, 10);
    const [thinking, text] = message.content;
    assert.ok(thinking?.type === 'thinking');
    assert.deepEqual(unwrapSignature(thinking.signature), { origin: 'openai-responses' });
    assert.ok(text?.type === 'text' && text.text === 'Done.');
  } finally {
    ok.server.close();
  }

  const { status, body } = anthropicCodec.encodeError({ status: 429, kind: 'rate_limit', message: 'slow down' });
  const failing = await serve('application/json', JSON.stringify(body), status);
  try {
    await assert.rejects(client(failing.baseURL).messages.create(params), (err: unknown) => {
      assert.ok(err instanceof Anthropic.RateLimitError);
      assert.equal(err.status, 429);
      return true;
    });
  } finally {
    failing.server.close();
  }
});

/**
 * Claude Code with thinking display "omitted" in front of Gemini 3: no thoughts come back,
 * only the signature on the functionCall. It must reach Claude Code's history (as real
 * Anthropic's empty, signed thinking blocks do) and go back to Gemini on that call.
 */
test("a Gemini call's signature survives a streamed round trip through the SDK, as Claude Code keeps history", async () => {
  const geminiSse = [
    { candidates: [{ content: { role: 'model', parts: [{ text: 'Checking.' }] }, index: 0 }] },
    {
      candidates: [
        {
          content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CiQBreal' }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    },
  ]
    .map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`)
    .join('');
  const thinking = { type: 'adaptive', display: 'omitted' };
  const decoded = anthropicCodec.decodeRequest({ ...params, thinking, stream: true }, { requestId: 'sdk3', now: 0 });
  assert.ok(decoded.ok);
  const decoder = geminiCodec.createStreamDecoder({ requestId: 'sdk3', now: 0 });
  const encoder = anthropicCodec.createStreamEncoder({ ...ctx, request: decoded.value });
  const parser = new SseParser();
  let sse = '';
  for (const message of [...parser.push(geminiSse), ...parser.end()]) sse += decoder.push(message).map((e) => encoder.push(e)).join('') + (encoder.flush?.() ?? '');
  sse += decoder.end().map((e) => encoder.push(e)).join('');
  const { server, baseURL } = await serve('text/event-stream', sse);
  try {
    const message = await client(baseURL).messages.stream(params).finalMessage();
    assert.deepEqual(message.content.map((b) => b.type), ['text', 'thinking', 'tool_use']);
    const [, block, call] = message.content;
    assert.ok(block?.type === 'thinking' && call?.type === 'tool_use');
    assert.equal(block.thinking, '');

    const next = anthropicCodec.decodeRequest(
      {
        ...params,
        thinking,
        messages: [
          ...params.messages,
          { role: 'assistant', content: message.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18C' }] },
        ],
      },
      { requestId: 'sdk4', now: 0 },
    );
    assert.ok(next.ok);
    const body = geminiCodec.encodeRequest(next.value, { requestId: 'sdk4', now: 0, model: 'gemini-3-pro-preview' });
    const contents = body.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    assert.deepEqual(contents[1], {
      role: 'model',
      parts: [{ text: 'Checking.' }, { functionCall: { id: call.id, name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CiQBreal' }],
    });
  } finally {
    server.close();
  }
});
