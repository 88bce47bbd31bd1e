import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { openaiResponsesCodec as codec } from './index.js';

const ctx = { requestId: 'rt1', now: 1_700_000_000_000 };

const request: CanonicalRequest = {
  model: 'm',
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'low' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', text: 'Look it up.', signature: 'enc-1', origin: 'openai-responses' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city": "Oslo"}' },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', toolCallId: 'call_1', name: 'weather', content: [{ type: 'text', text: '-3C' }] },
        { type: 'text', text: 'And tomorrow?' },
      ],
    },
  ],
  tools: [{ name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }],
  toolChoice: { type: 'tool', name: 'weather' },
  parallelToolCalls: false,
  maxTokens: 300,
  temperature: 0.5,
  topP: 0.8,
  responseFormat: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true },
  reasoning: { enabled: true, effort: 'low', includeThoughts: true },
  stream: true,
  user: 'u',
};

test('an encoded request decodes back to the same canonical request', () => {
  const body = codec.encodeRequest(request, { ...ctx, model: 'm' });
  const decoded = codec.decodeRequest(JSON.parse(JSON.stringify(body)), ctx);
  assert.ok(decoded.ok, JSON.stringify(decoded));
  assert.deepEqual(decoded.value, request);
});

function decodeSse(text: string, chunk: number): StreamEvent[] {
  const parser = new SseParser();
  const decoder = codec.createStreamDecoder(ctx);
  const events: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += chunk) {
    for (const m of parser.push(text.slice(i, i + chunk))) events.push(...decoder.push(m));
  }
  for (const m of parser.end()) events.push(...decoder.push(m));
  events.push(...decoder.end());
  return events;
}

const streamed: StreamEvent[] = [
  { type: 'start', id: 'x', model: 'm', created: 1 },
  { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'openai-responses' } },
  { type: 'delta', index: 0, delta: { type: 'thinking', text: 'Plan ' } },
  { type: 'delta', index: 0, delta: { type: 'thinking', text: 'it.' } },
  { type: 'delta', index: 0, delta: { type: 'signature', signature: 'enc-9', origin: 'openai-responses' } },
  { type: 'part_end', index: 0 },
  { type: 'part_start', index: 1, part: { type: 'text' } },
  { type: 'delta', index: 1, delta: { type: 'text', text: 'Héllo ' } },
  { type: 'delta', index: 1, delta: { type: 'text', text: 'wörld' } },
  { type: 'part_end', index: 1 },
  { type: 'part_start', index: 2, part: { type: 'tool_call', id: 'call_a', name: 'f' } },
  { type: 'delta', index: 2, delta: { type: 'arguments', json: '{"a":' } },
  { type: 'delta', index: 2, delta: { type: 'arguments', json: '1}' } },
  { type: 'part_end', index: 2 },
  { type: 'usage', usage: { inputTokens: 10, outputTokens: 7, cachedInputTokens: 4, reasoningTokens: 2 } },
  { type: 'finish', stopReason: 'tool_use' },
  { type: 'end' },
];

test('the stream decoder reads back what the stream encoder wrote, at any chunking', () => {
  const encoder = codec.createStreamEncoder({ ...ctx, model: 'client-model', request });
  const text = streamed.map((e) => encoder.push(e)).join('');
  const expected: StreamEvent[] = [{ type: 'start', id: 'resp_rt1', model: 'client-model', created: 1_700_000_000 }, ...streamed.slice(1)];
  for (const chunk of [1, 3, 64, text.length]) assert.deepEqual(decodeSse(text, chunk), expected, `chunk ${chunk}`);
});

test('a mid-stream error is encoded as error + response.failed and decodes to one error event', () => {
  const encoder = codec.createStreamEncoder({ ...ctx, model: 'client-model', request });
  const error = { status: 429, kind: 'rate_limit' as const, message: 'slow down' };
  const text = [
    ...streamed.slice(0, 8),
    { type: 'error', error } satisfies StreamEvent,
    ...streamed.slice(8),
  ]
    .map((e) => encoder.push(e))
    .join('');
  assert.ok(!text.includes('response.completed'));
  assert.match(text, /event: error\n/);
  assert.match(text, /event: response\.failed\n/);
  const events = decodeSse(text, 5);
  assert.deepEqual(events.at(-1), { type: 'error', error });
  assert.equal(events.filter((e) => e.type === 'error').length, 1);
});

test('sequence numbers count from 0 without gaps and every event names its type', () => {
  const encoder = codec.createStreamEncoder({ ...ctx, model: 'client-model', request });
  const text = streamed.map((e) => encoder.push(e)).join('');
  const messages = new SseParser().push(text);
  messages.forEach((m, i) => {
    const data = JSON.parse(m.data) as { type: string; sequence_number: number };
    assert.equal(data.sequence_number, i);
    assert.equal(m.event, data.type);
  });
  assert.equal(JSON.parse(messages.at(-1)?.data ?? '{}').type, 'response.completed');
});

test('a non-streaming response decodes back from its encoding', () => {
  const response: CanonicalResponse = {
    id: 'resp_rt1',
    model: 'client-model',
    created: 1_700_000_000,
    content: [
      { type: 'thinking', text: 'Hmm.', signature: 'enc', origin: 'openai-responses' },
      { type: 'text', text: 'Done.' },
      { type: 'tool_call', id: 'call_z', name: 'f', arguments: '{}' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 9, outputTokens: 3, cachedInputTokens: 1, reasoningTokens: 1 },
  };
  const body = codec.encodeResponse(response, { ...ctx, model: 'client-model', request });
  assert.deepEqual(codec.decodeResponse(JSON.parse(JSON.stringify(body)), ctx), { ok: true, value: response });
});

test('the stream decoder ignores events after the terminal one and [DONE]', () => {
  const decoder = codec.createStreamDecoder(ctx);
  const completed = { type: 'response.completed', response: { status: 'completed', usage: null } };
  const first = decoder.push({ event: 'response.completed', data: JSON.stringify(completed) });
  assert.deepEqual(first.map((e) => e.type), ['start', 'finish', 'end']);
  assert.deepEqual(decoder.push({ data: '[DONE]' }), []);
  assert.deepEqual(decoder.push({ event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"x"}' }), []);
  assert.deepEqual(decoder.end(), []);
});
