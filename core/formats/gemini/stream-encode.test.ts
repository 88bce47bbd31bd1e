import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';
import { wrapThoughtSignature } from './thought-signature.js';

const NO_SIGNATURE = wrapThoughtSignature(undefined, undefined);

const request: CanonicalRequest = { model: 'm', system: [], messages: [], stream: true, reasoning: { enabled: true, includeThoughts: true } };
const ctx = { requestId: 'e1', now: 1_700_000_000_000, model: 'gemini-2.5-pro', request };

function encode(events: StreamEvent[], req: CanonicalRequest = request): string[] {
  const encoder = createStreamEncoder({ ...ctx, request: req });
  return events.map((e) => encoder.push(e));
}

function chunks(text: string): unknown[] {
  return new SseParser().push(text).map((m) => JSON.parse(m.data) as unknown);
}

const toolEvents: StreamEvent[] = [
  { type: 'start', id: 'up', model: 'up-model', created: 1 },
  { type: 'part_start', index: 0, part: { type: 'tool_call', id: 't1', name: 'edit' } },
  { type: 'delta', index: 0, delta: { type: 'arguments', json: '{"path":"a.ts",' } },
  { type: 'delta', index: 0, delta: { type: 'arguments', json: '"patch":"x"' } },
  { type: 'delta', index: 0, delta: { type: 'arguments', json: '}' } },
  { type: 'part_end', index: 0 },
  { type: 'usage', usage: { inputTokens: 5, outputTokens: 7 } },
  { type: 'finish', stopReason: 'tool_use' },
  { type: 'end' },
];

test('a tool call goes out once, whole, when its part ends', () => {
  const out = encode(toolEvents);
  assert.deepEqual(out.slice(0, 5), ['', '', '', '', '']);
  assert.deepEqual(chunks(out[5] ?? ''), [
    {
      candidates: [
        {
          content: { role: 'model', parts: [{ functionCall: { id: 't1', name: 'edit', args: { path: 'a.ts', patch: 'x' } }, thoughtSignature: NO_SIGNATURE }] },
          index: 0,
        },
      ],
      modelVersion: 'gemini-2.5-pro',
      responseId: 'e1',
    },
  ]);
});

test('arguments that are not a JSON object still give Gemini an args object', () => {
  const out = encode([
    { type: 'start', id: 'up', model: 'x', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'tool_call', id: 't', name: 'f' } },
    { type: 'delta', index: 0, delta: { type: 'arguments', json: '{"trunc' } },
    { type: 'part_end', index: 0 },
  ]);
  const [parsed] = chunks(out[3] ?? '') as Array<{ candidates: Array<{ content: { parts: unknown[] } }> }>;
  assert.deepEqual(parsed?.candidates[0]?.content.parts, [{ functionCall: { id: 't', name: 'f', args: {} }, thoughtSignature: NO_SIGNATURE }]);
});

test('nothing is written after an error event, and no finish chunk follows it', () => {
  const out = encode([
    { type: 'start', id: 'up', model: 'x', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'hi' } },
    { type: 'error', error: { status: 500, kind: 'api_error', message: 'boom' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'more' } },
    { type: 'finish', stopReason: 'end_turn' },
    { type: 'end' },
  ]);
  assert.deepEqual(chunks(out[3] ?? ''), [{ error: { code: 500, message: 'boom', status: 'INTERNAL' } }]);
  assert.deepEqual(out.slice(4), ['', '', '']);
});

test('thought text is withheld unless the request asked for thoughts; Gemini signatures always go out', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'up', model: 'x', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'gemini' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'secret' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'S' } },
    { type: 'part_end', index: 0 },
  ];
  const hidden = encode(events, { ...request, reasoning: { enabled: true } }).join('');
  assert.ok(!hidden.includes('secret'));
  assert.ok(hidden.includes('"thoughtSignature":"S"'));
  const shown = encode(events).join('');
  assert.ok(shown.includes('"text":"secret","thought":true'));
});

test('encoder output decodes back to the same content, usage and stop reason', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'up', model: 'x', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'gemini' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'think' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'TS', origin: 'gemini' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'text' } },
    { type: 'delta', index: 1, delta: { type: 'text', text: 'a' } },
    { type: 'delta', index: 1, delta: { type: 'text', text: 'b' } },
    { type: 'part_end', index: 1 },
    ...toolEvents.slice(1, 6).map((e) => ('index' in e ? { ...e, index: 2 } : e)),
    { type: 'usage', usage: { inputTokens: 50, outputTokens: 30, reasoningTokens: 10, cachedInputTokens: 20 } },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ];
  const parser = new SseParser();
  const decoder = createStreamDecoder({ requestId: 'e1', now: 0 });
  const decoded = [...parser.push(encode(events).join('')), ...parser.end()].flatMap((m) => decoder.push(m));
  decoded.push(...decoder.end());
  const summary = decoded.flatMap((e): string[] => {
    if (e.type === 'part_start' && e.part.type === 'tool_call' && e.part.signature !== undefined) return ['start:tool_call', `signature:${e.part.signature}`];
    if (e.type === 'part_start') return [`start:${e.part.type}`];
    if (e.type === 'delta' && e.delta.type === 'arguments') return [`arguments:${JSON.stringify(JSON.parse(e.delta.json))}`];
    if (e.type === 'delta' && e.delta.type === 'signature') return [`signature:${e.delta.signature}`];
    if (e.type === 'delta' && (e.delta.type === 'text' || e.delta.type === 'thinking')) return [`${e.delta.type}:${e.delta.text}`];
    if (e.type === 'finish') return [`finish:${e.stopReason}`];
    return [];
  });
  // The signature travels in an empty thought part that signs the thought run before it,
  // and the final chunk's empty text part opens no part.
  assert.deepEqual(summary, [
    'start:thinking',
    'thinking:think',
    'signature:TS',
    'start:text',
    'text:a',
    'text:b',
    'start:tool_call',
    // The unsigned call carries the gateway's "no signature" value (an upstream decoder
    // takes every signature as Gemini's; a client's echo is read by readThoughtSignature),
    // decoded onto the call's part_start.
    `signature:${NO_SIGNATURE}`,
    'arguments:{"path":"a.ts","patch":"x"}',
    'finish:tool_use',
  ]);
  assert.deepEqual(decoded.find((e) => e.type === 'usage'), {
    type: 'usage',
    usage: { inputTokens: 50, outputTokens: 30, cachedInputTokens: 20, reasoningTokens: 10 },
  });
  assert.deepEqual(decoded[decoded.length - 1], { type: 'end' });
});
