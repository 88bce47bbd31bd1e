import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest, StreamEvent } from '../canonical.js';
import { customToolDefinition } from '../custom-tools.js';
import { SseParser } from '../../sse/parser.js';
import { decodeRequest } from './request-decode.js';
import { encodeResponse } from './response-encode.js';
import { decodeResponse } from './response-decode.js';
import { ChatStreamDecoder } from './stream-decode.js';
import { ChatStreamEncoder } from './stream-encode.js';

const ctx = { requestId: 'abc123', now: 1_700_000_000_000 };
const PATCH = '*** Begin Patch\n*** Update File: a.py\n-print("Hi")\n+print("Hello, \\"world\\" ✓ 😀")\n*** End Patch\n';
const request: CanonicalRequest = {
  model: 'gpt-5',
  system: [],
  messages: [],
  stream: true,
  tools: [customToolDefinition({ name: 'apply_patch' }), { name: 'lookup', parameters: { type: 'object', properties: {} } }],
};

function callEvents(args: string[], name = 'apply_patch'): StreamEvent[] {
  return [
    { type: 'start', id: 'up', model: 'upstream', created: 5 },
    { type: 'part_start', index: 0, part: { type: 'tool_call', id: 'call_1', name } },
    ...args.map((json): StreamEvent => ({ type: 'delta', index: 0, delta: { type: 'arguments', json } })),
    { type: 'part_end', index: 0 },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ];
}

function encodeStream(events: StreamEvent[]): string {
  const encoder = new ChatStreamEncoder({ ...ctx, model: 'gpt-5', request });
  return events.map((e) => encoder.push(e)).join('');
}

function decodeStream(sse: string, step: number): StreamEvent[] {
  const parser = new SseParser();
  const decoder = new ChatStreamDecoder(ctx);
  const out: StreamEvent[] = [];
  for (let i = 0; i < sse.length; i += step) for (const m of parser.push(sse.slice(i, i + step))) out.push(...decoder.push(m));
  for (const m of parser.end()) out.push(...decoder.push(m));
  return [...out, ...decoder.end()];
}

function argumentsOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'delta' && e.delta.type === 'arguments' ? e.delta.json : '')).join('');
}

test('a streamed custom call cut anywhere, escapes and surrogate pairs included, adds up to its input', () => {
  const args = JSON.stringify({ input: PATCH });
  for (const size of [1, 2, 3, 5, 11]) {
    const pieces: string[] = [];
    for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
    const sse = encodeStream(callEvents(pieces));
    const deltas = sse
      .split('\n\n')
      .filter((f) => f.startsWith('data: {'))
      .flatMap((f) => (JSON.parse(f.slice(6)) as { choices: Array<{ delta: { tool_calls?: Array<{ custom?: { input?: string } }> } }> }).choices)
      .flatMap((c) => c.delta.tool_calls ?? []);
    assert.equal(deltas.map((d) => d.custom?.input ?? '').join(''), PATCH, `pieces of ${size}`);
    assert.ok(deltas.every((d) => !('function' in d)));
    // And the Chat stream decoder reads it back into the same canonical arguments.
    assert.deepEqual(JSON.parse(argumentsOf(decodeStream(sse, 7))), { input: PATCH });
  }
});

test('arguments not in the {"input": ...} shape go whole as the input when the call ends', () => {
  const sse = encodeStream(callEvents(['{"city":', '"Paris"}']));
  const calls = [...sse.matchAll(/"tool_calls":(\[[^\n]*?\])\},"logprobs"/g)].map((m) => JSON.parse(m[1] ?? '[]') as unknown[]);
  assert.deepEqual(calls, [
    [{ index: 0, id: 'call_1', type: 'custom', custom: { name: 'apply_patch', input: '' } }],
    [{ index: 0, custom: { input: '{"city":"Paris"}' } }],
  ]);
});

test('a call to a function tool stays a function call beside custom tools', () => {
  const sse = encodeStream(callEvents(['{}'], 'lookup'));
  assert.match(sse, /"type":"function","function":\{"name":"lookup","arguments":""\}/);
  assert.doesNotMatch(sse, /"custom"/);
});

test('a client custom call round-trips: decoded history -> canonical -> encoded response', () => {
  const decoded = decodeRequest(
    {
      model: 'gpt-5',
      messages: [
        { role: 'user', content: 'patch' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: PATCH } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      tools: [{ type: 'custom', custom: { name: 'apply_patch' } }],
    },
    ctx,
  );
  assert.ok(decoded.ok);
  const call = decoded.value.messages[1]?.content[0];
  assert.ok(call?.type === 'tool_call');
  const body = encodeResponse(
    { id: 'x', model: 'up', created: 1, content: [call], stopReason: 'tool_use', usage: { inputTokens: 1, outputTokens: 1 } },
    { ...ctx, model: 'gpt-5', request: decoded.value },
  ) as { choices: Array<{ message: { tool_calls: unknown[] } }> };
  assert.deepEqual(body.choices[0]?.message.tool_calls, [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: PATCH } }]);
});

test('a Chat upstream custom call with a missing input is an empty input, not a skipped call', () => {
  const decoded = decodeResponse(
    {
      choices: [{ finish_reason: 'tool_calls', message: { content: null, tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'apply_patch' } }] } }],
    },
    ctx,
  );
  assert.ok(decoded.ok);
  assert.deepEqual(decoded.value.content, [{ type: 'tool_call', id: 'c', name: 'apply_patch', arguments: '{"input":""}' }]);
});
