import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { openaiResponsesCodec as codec } from './index.js';

/**
 * Serves the codec's client-facing output from 127.0.0.1 and reads it with the official
 * openai SDK, so the stream grammar is checked by the accumulator real clients use.
 */

const ctx = { requestId: 'sdk1', now: 1_700_000_000_000 };
const request: CanonicalRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  reasoning: { enabled: true, effort: 'medium', includeThoughts: true },
  stream: true,
};
const encodeCtx = { ...ctx, model: 'client-model', request };

const response: CanonicalResponse = {
  id: 'upstream-id',
  model: 'upstream-model',
  created: 1,
  content: [
    { type: 'thinking', text: 'The user wants weather.', signature: 'gAAAA-enc', origin: 'openai-responses' },
    { type: 'text', text: 'Let me check the weather in Paris.' },
    { type: 'tool_call', id: 'call_w', name: 'get_weather', arguments: '{"city":"Paris"}' },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 120, outputTokens: 45, cachedInputTokens: 64, reasoningTokens: 20 },
};

/** Splits every part of `response` into small deltas, the way an upstream would stream it. */
function streamEventsOf(r: CanonicalResponse): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: r.id, model: r.model, created: r.created }];
  const pieces = (s: string): string[] => s.match(/.{1,5}/gs) ?? [];
  r.content.forEach((part, index) => {
    if (part.type === 'text') {
      events.push({ type: 'part_start', index, part: { type: 'text' } });
      for (const text of pieces(part.text)) events.push({ type: 'delta', index, delta: { type: 'text', text } });
    } else if (part.type === 'thinking') {
      events.push({ type: 'part_start', index, part: { type: 'thinking', origin: part.origin } });
      for (const text of pieces(part.text)) events.push({ type: 'delta', index, delta: { type: 'thinking', text } });
      if (part.signature) events.push({ type: 'delta', index, delta: { type: 'signature', signature: part.signature, origin: part.origin } });
    } else if (part.type === 'tool_call') {
      events.push({ type: 'part_start', index, part: { type: 'tool_call', id: part.id, name: part.name } });
      for (const json of pieces(part.arguments)) events.push({ type: 'delta', index, delta: { type: 'arguments', json } });
    }
    events.push({ type: 'part_end', index });
  });
  events.push({ type: 'usage', usage: r.usage }, { type: 'finish', stopReason: r.stopReason }, { type: 'end' });
  return events;
}

function encodeStream(events: StreamEvent[]): string {
  const encoder = codec.createStreamEncoder(encodeCtx);
  return events.map((e) => encoder.push(e)).join('');
}

let reply: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };
let server: Server;
let client: OpenAI;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': reply.type });
      // Write the SSE text in uneven slices so the SDK's own line decoder sees split events.
      const body = Buffer.from(reply.body);
      for (let i = 0; i < body.length; i += 97) res.write(body.subarray(i, i + 97));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});

after(() => {
  server.closeAllConnections();
  server.close();
});

function serveSse(text: string): void {
  reply = { status: 200, type: 'text/event-stream', body: text };
}

test('responses.stream().finalResponse() accumulates what was encoded, equal to the non-streaming body', async () => {
  serveSse(encodeStream(streamEventsOf(response)));
  const stream = client.responses.stream({ model: 'client-model', input: 'hi' });
  const textDeltas: string[] = [];
  const argSnapshots: string[] = [];
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  stream.on('event', (e) => events.push(e));
  stream.on('response.output_text.delta', (e) => textDeltas.push(e.delta));
  stream.on('response.function_call_arguments.delta', (e) => argSnapshots.push(e.snapshot));
  const final = await stream.finalResponse();

  const expected = JSON.parse(JSON.stringify(codec.encodeResponse(response, encodeCtx))) as { output: unknown[]; usage: unknown };
  // The terminal event replaces the SDK's snapshot wholesale; replaying every event before
  // it proves the incremental events alone build the same output.
  const terminal = events.pop();
  assert.equal(terminal?.type, 'response.completed');
  let snapshot: OpenAI.Responses.Response | undefined;
  for (const event of events) snapshot = accumulateResponse(event, snapshot);
  assert.deepEqual(snapshot?.output, expected.output);

  // The SDK's parse step adds `parsed` / `parsed_arguments` (null without a parser).
  const withoutParsed = JSON.parse(JSON.stringify(final.output, (k, v: unknown) => (k === 'parsed' || k === 'parsed_arguments' ? undefined : v)));
  assert.equal(final.status, 'completed');
  assert.equal(final.id, 'resp_sdk1');
  assert.deepEqual(withoutParsed, expected.output);
  assert.deepEqual(final.usage, expected.usage);
  assert.equal(final.output_text, 'Let me check the weather in Paris.');
  assert.equal(textDeltas.join(''), 'Let me check the weather in Paris.');
  assert.equal(argSnapshots.at(-1), '{"city":"Paris"}');
  assert.deepEqual(final.usage, {
    input_tokens: 120,
    input_tokens_details: { cached_tokens: 64 },
    output_tokens: 45,
    output_tokens_details: { reasoning_tokens: 20 },
    total_tokens: 165,
  });
  const reasoning = final.output[0];
  assert.ok(reasoning?.type === 'reasoning');
  assert.equal(reasoning.encrypted_content, 'gAAAA-enc');
  assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'The user wants weather.' }]);
  const call = final.output[2];
  assert.ok(call?.type === 'function_call');
  assert.equal(call.call_id, 'call_w');
  assert.equal(call.arguments, '{"city":"Paris"}');
});

test('responses.create({stream:true}) yields every event in order with consecutive sequence numbers', async () => {
  serveSse(encodeStream(streamEventsOf(response)));
  const stream = await client.responses.create({ model: 'client-model', input: 'hi', stream: true });
  const types: string[] = [];
  let text = '';
  let args = '';
  let thinking = '';
  let last: OpenAI.Responses.ResponseStreamEvent | undefined;
  for await (const event of stream) {
    assert.equal(event.sequence_number, types.length);
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    if (event.type === 'response.reasoning_summary_text.delta') thinking += event.delta;
    last = event;
  }
  assert.equal(text, 'Let me check the weather in Paris.');
  assert.equal(args, '{"city":"Paris"}');
  assert.equal(thinking, 'The user wants weather.');
  assert.deepEqual(types.slice(0, 3), ['response.created', 'response.in_progress', 'response.output_item.added']);
  assert.equal(types.filter((t) => t === 'response.output_item.done').length, 3);
  assert.ok(last?.type === 'response.completed');
  assert.equal(last.response.output.length, 3);
});

test('max_tokens finishes with response.incomplete, which the SDK accepts as the final response', async () => {
  const truncated: CanonicalResponse = { ...response, content: [{ type: 'text', text: 'Once upon a time' }], stopReason: 'max_tokens' };
  serveSse(encodeStream(streamEventsOf(truncated)));
  const final = await client.responses.stream({ model: 'client-model', input: 'hi' }).finalResponse();
  assert.equal(final.status, 'incomplete');
  assert.deepEqual(final.incomplete_details, { reason: 'max_output_tokens' });
  assert.equal(final.output_text, 'Once upon a time');
});

test('a mid-stream error surfaces as an APIError from both SDK entry points', async () => {
  const events = streamEventsOf(response);
  const cut = events.findIndex((e) => e.type === 'part_start' && e.part.type === 'text') + 3;
  const failing: StreamEvent[] = [
    ...events.slice(0, cut),
    { type: 'error', error: { status: 503, kind: 'overloaded', message: 'Every account for this model is cooling down.' } },
  ];
  const text = encodeStream(failing);
  assert.ok(!text.includes('response.completed'));

  serveSse(text);
  await assert.rejects(client.responses.stream({ model: 'client-model', input: 'hi' }).finalResponse(), (err: unknown) => {
    assert.ok(err instanceof OpenAI.APIError);
    assert.match(err.message, /Every account for this model is cooling down\./);
    return true;
  });

  serveSse(text);
  const stream = await client.responses.create({ model: 'client-model', input: 'hi', stream: true });
  let deltas = '';
  await assert.rejects(
    (async () => {
      for await (const event of stream) if (event.type === 'response.output_text.delta') deltas += event.delta;
    })(),
    (err: unknown) => err instanceof OpenAI.APIError && /cooling down/.test(err.message),
  );
  assert.equal(deltas, 'Let me che');
});

test('the non-streaming body and an error body parse in the SDK', async () => {
  reply = { status: 200, type: 'application/json', body: JSON.stringify(codec.encodeResponse(response, encodeCtx)) };
  const final = await client.responses.create({ model: 'client-model', input: 'hi' });
  assert.equal(final.output_text, 'Let me check the weather in Paris.');
  assert.equal(final.output.length, 3);

  const error = codec.encodeError({ status: 429, kind: 'rate_limit', message: 'Slow down; retry in 20s.' });
  reply = { status: error.status, type: 'application/json', body: JSON.stringify(error.body) };
  await assert.rejects(client.responses.create({ model: 'client-model', input: 'hi' }), (err: unknown) => {
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.match(err.message, /Slow down; retry in 20s\./);
    assert.equal(err.code, 'rate_limit_exceeded');
    return true;
  });
});
