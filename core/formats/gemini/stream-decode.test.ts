import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { createStreamDecoder } from './stream-decode.js';

const ctx = { requestId: 'r1', now: 1_700_000_000_000 };

function sse(...chunks: unknown[]): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
}

function chunk(parts: unknown[] | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { finishReason, ...rest } = extra;
  const candidate: Record<string, unknown> = { index: 0 };
  if (parts !== undefined) candidate.content = { role: 'model', parts };
  if (finishReason !== undefined) candidate.finishReason = finishReason;
  return { candidates: [candidate], modelVersion: 'gemini-2.5-flash', responseId: 'abc', ...rest };
}

/** Decodes SSE text fed in pieces of `step` characters. */
function decode(text: string, step: number): StreamEvent[] {
  const parser = new SseParser();
  const decoder = createStreamDecoder(ctx);
  const events: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += step) for (const m of parser.push(text.slice(i, i + step))) events.push(...decoder.push(m));
  for (const m of parser.end()) events.push(...decoder.push(m));
  events.push(...decoder.end());
  return events;
}

/** Checks canonical.ts's grammar: start (part_start delta* part_end)* usage* finish usage* end, or error anywhere. */
function assertGrammar(events: StreamEvent[]): void {
  let open: number | undefined;
  let next = 0;
  let phase: 'start' | 'parts' | 'finished' | 'closed' = 'start';
  for (const [i, e] of events.entries()) {
    assert.notEqual(phase, 'closed', `event ${i} after end/error`);
    if (e.type === 'error') {
      phase = 'closed';
      continue;
    }
    if (phase === 'start') {
      assert.equal(e.type, 'start', `event ${i} must be start`);
      phase = 'parts';
      continue;
    }
    switch (e.type) {
      case 'part_start':
        assert.equal(phase, 'parts');
        assert.equal(open, undefined, `part ${e.index} started while ${String(open)} is open`);
        assert.equal(e.index, next++);
        open = e.index;
        break;
      case 'delta':
        assert.equal(e.index, open, `delta for ${e.index} while ${String(open)} is open`);
        break;
      case 'part_end':
        assert.equal(e.index, open);
        open = undefined;
        break;
      case 'usage':
        assert.equal(open, undefined);
        break;
      case 'finish':
        assert.equal(open, undefined);
        assert.equal(phase, 'parts');
        phase = 'finished';
        break;
      case 'end':
        assert.equal(phase, 'finished');
        phase = 'closed';
        break;
      default:
        assert.fail(`unexpected ${e.type}`);
    }
  }
  assert.equal(phase, 'closed', 'stream must close with end or error');
}

const mixed = sse(
  chunk([{ text: 'plan ', thought: true }], { usageMetadata: { promptTokenCount: 3 } }),
  chunk([{ text: 'more', thought: true }, { text: '', thought: true, thoughtSignature: 'S1' }]),
  chunk([{ text: 'after-sig', thought: true }]),
  chunk([{ text: 'Hello', thoughtSignature: 'S2' }, { text: ' there' }]),
  chunk([{ functionCall: { name: 'a', args: { x: 1 } } }, { text: 'between' }, { functionCall: { name: 'b' }, thoughtSignature: 'S3' }]),
  chunk([{ text: 'tail' }, { text: '', thoughtSignature: 'S4' }], { finishReason: 'STOP', usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 9, thoughtsTokenCount: 4 } }),
);

test('a mixed stream obeys the canonical grammar whatever the chunking', () => {
  const reference = decode(mixed, mixed.length);
  assertGrammar(reference);
  for (const step of [1, 2, 5, 13, 64]) assert.deepEqual(decode(mixed, step), reference, `step ${step}`);
});

test('thought runs, text signatures and function calls land on the right parts', () => {
  const events = decode(mixed, 9);
  const starts = events.filter((e) => e.type === 'part_start').map((e) => e.part);
  assert.deepEqual(starts, [
    { type: 'thinking', origin: 'gemini' },
    { type: 'thinking', origin: 'gemini' },
    { type: 'text' },
    { type: 'thinking', origin: 'gemini' },
    { type: 'tool_call', id: 'call_r1_0', name: 'a' },
    { type: 'text' },
    { type: 'tool_call', id: 'call_r1_1', name: 'b', signature: 'S3', origin: 'gemini' },
    { type: 'text' },
    { type: 'thinking', origin: 'gemini' },
  ]);
  const signatures = events.flatMap((e) => {
    if (e.type === 'delta' && e.delta.type === 'signature') return [[e.index, e.delta.signature]];
    if (e.type === 'part_start' && e.part.type === 'tool_call' && e.part.signature !== undefined) return [[e.index, e.part.signature]];
    return [];
  });
  // S1 closes the first thought run; S2 rides after the text it came with; S3 stays on call b.
  assert.deepEqual(signatures, [
    [0, 'S1'],
    [3, 'S2'],
    [6, 'S3'],
    [8, 'S4'],
  ]);
  const args = events.flatMap((e) => (e.type === 'delta' && e.delta.type === 'arguments' ? [e.delta.json] : []));
  assert.deepEqual(args, ['{"x":1}', '{}']);
  assert.deepEqual(events.slice(-3), [
    { type: 'usage', usage: { inputTokens: 3, outputTokens: 13, reasoningTokens: 4 } },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ]);
});

test('an error chunk ends the stream: nothing after it, and end() adds nothing', () => {
  const decoder = createStreamDecoder(ctx);
  const first = decoder.push({ data: JSON.stringify(chunk([{ text: 'a' }])) });
  assert.equal(first.length, 3);
  const failed = decoder.push({ data: JSON.stringify({ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } }) });
  assert.deepEqual(failed, [{ type: 'error', error: { status: 429, kind: 'rate_limit', message: 'quota' } }]);
  assert.deepEqual(decoder.push({ data: JSON.stringify(chunk([{ text: 'b' }], { finishReason: 'STOP' })) }), []);
  assert.deepEqual(decoder.end(), []);
});

test('parts after the finish chunk are dropped but later usage still counts', () => {
  const events = decode(
    sse(
      chunk([{ text: 'x' }], { finishReason: 'MAX_TOKENS', usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 1 } }),
      chunk([{ text: 'late' }], { usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 5 } }),
    ),
    7,
  );
  assertGrammar(events);
  assert.equal(events.filter((e) => e.type === 'delta').length, 1);
  assert.deepEqual(events.slice(-3), [
    { type: 'finish', stopReason: 'max_tokens' },
    { type: 'usage', usage: { inputTokens: 2, outputTokens: 5 } },
    { type: 'end' },
  ]);
});

test('EOF without a finishReason is an error, also right after a function call', () => {
  const events = decode(sse(chunk([{ functionCall: { name: 'a', args: {} } }])), 4);
  assertGrammar(events);
  assert.deepEqual(events[events.length - 1], {
    type: 'error',
    error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' },
  });
});

test('a JSON array of chunks in one data line is read chunk by chunk', () => {
  const events = decode(`data: ${JSON.stringify([chunk([{ text: 'a' }]), chunk([{ text: 'b' }], { finishReason: 'STOP' })])}\n\n`, 3);
  assertGrammar(events);
  const texts = events.flatMap((e) => (e.type === 'delta' && e.delta.type === 'text' ? [e.delta.text] : []));
  assert.deepEqual(texts, ['a', 'b']);
});
