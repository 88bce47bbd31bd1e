import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { createStreamEncoder } from './stream-encode.js';
import { unwrapSignature } from './signature-wrap.js';

const request = { model: 'm', system: [], messages: [], stream: true };
const ctx = { requestId: 'r1', now: 0, model: 'client-model', request };

interface Sent {
  event: string | undefined;
  data: Record<string, unknown>;
}

function encode(events: StreamEvent[]): Sent[] {
  const encoder = createStreamEncoder(ctx);
  const text = events.map((e) => encoder.push(e)).join('');
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((m) => {
    const data = JSON.parse(m.data) as Record<string, unknown>;
    // Anthropic names every event after its data type; the SDK skips unnamed ones.
    assert.equal(m.event, data.type);
    return { event: m.event, data };
  });
}

const start: StreamEvent = { type: 'start', id: 'x', model: 'up', created: 0 };

test('message_start comes first and once; message_stop last and once; nothing after end', () => {
  const sent = encode([
    start,
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'a' } },
    { type: 'finish', stopReason: 'end_turn' },
    { type: 'end' },
    { type: 'part_start', index: 1, part: { type: 'text' } },
    { type: 'end' },
  ]);
  assert.deepEqual(
    sent.map((s) => s.event),
    ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
  );
});

test('a part started while another is open closes it, signing an open thinking block', () => {
  const sent = encode([
    start,
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'openai-responses' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'summary' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'enc-1' } },
    { type: 'part_start', index: 1, part: { type: 'tool_call', id: 'c1', name: 'f', signature: 'gemini-call-sig', origin: 'gemini' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'stale delta for the closed part' } },
    { type: 'delta', index: 1, delta: { type: 'arguments', json: '{}' } },
    { type: 'part_end', index: 1 },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ]);
  const types = sent.map((s) => (s.data.delta as { type?: string } | undefined)?.type ?? s.event);
  assert.deepEqual(types, [
    'message_start',
    'content_block_start',
    'thinking_delta',
    'signature_delta',
    'content_block_stop',
    'content_block_start',
    'input_json_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
  ]);
  const signature = (sent[3]?.data.delta as { signature: string }).signature;
  assert.deepEqual(unwrapSignature(signature), { signature: 'enc-1', origin: 'openai-responses' });
  assert.deepEqual(
    sent.filter((s) => s.event === 'content_block_start').map((s) => s.data.index),
    [0, 1],
  );
});

test('message_delta carries the usage known at the end, not at the finish', () => {
  const sent = encode([
    start,
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 0 } },
    { type: 'finish', stopReason: 'max_tokens' },
    { type: 'usage', usage: { outputTokens: 99, cachedInputTokens: 4 } },
    { type: 'end' },
  ]);
  const startUsage = (sent[0]?.data.message as { usage: unknown }).usage;
  assert.deepEqual(startUsage, { input_tokens: 10, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  const delta = sent.find((s) => s.event === 'message_delta')?.data;
  assert.deepEqual(delta, {
    type: 'message_delta',
    delta: { stop_reason: 'max_tokens', stop_sequence: null },
    usage: { output_tokens: 99, input_tokens: 6, cache_read_input_tokens: 4, cache_creation_input_tokens: 0 },
  });
});

test('an error before any content is an error event alone', () => {
  const sent = encode([start, { type: 'error', error: { status: 401, kind: 'authentication', message: 'bad key' } }, { type: 'end' }]);
  assert.deepEqual(sent, [{ event: 'error', data: { type: 'error', error: { type: 'authentication_error', message: 'bad key' } } }]);
});

test('flush releases a held message_start at the end of an upstream batch, once', () => {
  const encoder = createStreamEncoder(ctx);
  assert.equal(encoder.push(start), '');
  const flushed = encoder.flush?.() ?? '';
  assert.match(flushed, /^event: message_start\n/);
  assert.equal(encoder.flush?.(), '');
  const next = encoder.push({ type: 'part_start', index: 0, part: { type: 'text' } });
  assert.doesNotMatch(next, /message_start/);
});

test('flush before start writes nothing; usage in the same batch reaches message_start', () => {
  const encoder = createStreamEncoder(ctx);
  assert.equal(encoder.flush?.(), '');
  encoder.push(start);
  const text = encoder.push({ type: 'usage', usage: { inputTokens: 42 } }) + (encoder.flush?.() ?? '');
  assert.match(text, /"input_tokens":42/);
});

const thinkingCtx = { ...ctx, request: { ...request, reasoning: { enabled: true, includeThoughts: false } } };

function encodeWith(events: StreamEvent[], encodeCtx: typeof ctx, flushAfter: number[] = []): Sent[] {
  const encoder = createStreamEncoder(encodeCtx);
  const text = events.map((e, i) => encoder.push(e) + (flushAfter.includes(i) ? (encoder.flush?.() ?? '') : '')).join('');
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((m) => ({ event: m.event, data: JSON.parse(m.data) as Record<string, unknown> }));
}

/** content_block_start types and delta types, in order. */
function shape(sent: Sent[]): string[] {
  return sent.flatMap((s) => {
    if (s.event === 'content_block_start') return [`start:${(s.data.content_block as { type: string }).type}@${String(s.data.index)}`];
    if (s.event === 'content_block_delta') return [(s.data.delta as { type: string }).type];
    if (s.event === 'content_block_stop') return [`stop@${String(s.data.index)}`];
    return [];
  });
}

const signedCall: StreamEvent[] = [
  { type: 'part_start', index: 0, part: { type: 'tool_call', id: 'c1', name: 'f', signature: 'CiQBgem', origin: 'gemini' } },
  { type: 'delta', index: 0, delta: { type: 'arguments', json: '{}' } },
  { type: 'part_end', index: 0 },
];

test("a client that thinks gets a Gemini call's signature in an empty thinking block before the tool_use", () => {
  const sent = encodeWith([start, ...signedCall, { type: 'finish', stopReason: 'tool_use' }, { type: 'end' }], thinkingCtx);
  assert.deepEqual(shape(sent), ['start:thinking@0', 'signature_delta', 'stop@0', 'start:tool_use@1', 'input_json_delta', 'stop@1']);
  const block = sent.find((s) => s.event === 'content_block_start')?.data.content_block;
  assert.deepEqual(block, { type: 'thinking', thinking: '', signature: '' });
  const signature = (sent.find((s) => (s.data.delta as { type?: string } | undefined)?.type === 'signature_delta')?.data.delta as { signature: string }).signature;
  assert.deepEqual(unwrapSignature(signature), { signature: 'CiQBgem', origin: 'gemini' });
  // A client that did not ask for thinking gets the tool_use alone.
  assert.deepEqual(shape(encodeWith([start, ...signedCall, { type: 'end' }], ctx)), ['start:tool_use@0', 'input_json_delta', 'stop@0']);
});

test("an unsigned call's tool_use start goes out at its part_start; a signature delta on a call is dropped", () => {
  const unsigned: StreamEvent[] = [
    start,
    { type: 'part_start', index: 0, part: { type: 'tool_call', id: 'c1', name: 'f' } },
    { type: 'delta', index: 0, delta: { type: 'arguments', json: '{"a":' } },
    { type: 'delta', index: 0, delta: { type: 'arguments', json: '1}' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'late', origin: 'gemini' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'tool_call', id: 'c2', name: 'f' } },
    { type: 'part_end', index: 1 },
    { type: 'end' },
  ];
  assert.deepEqual(shape(encodeWith(unsigned, thinkingCtx)), ['start:tool_use@0', 'input_json_delta', 'input_json_delta', 'stop@0', 'start:tool_use@1', 'stop@1']);
  const encoder = createStreamEncoder(thinkingCtx);
  encoder.push(start);
  assert.match(encoder.push(unsigned[1]!), /"content_block":\{"type":"tool_use","id":"c1"/);
  assert.doesNotMatch(encoder.flush?.() ?? '', /content_block_start/);
  assert.doesNotMatch(encoder.push(unsigned[2]!), /content_block_start/);
});
