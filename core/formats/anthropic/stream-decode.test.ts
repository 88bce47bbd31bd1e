import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';

const ctx = { requestId: 'r1', now: 1_700_000_000_000 };

function ev(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const messageStart = ev('message_start', {
  message: { id: 'msg_up', type: 'message', role: 'assistant', model: 'claude-x', content: [], usage: { input_tokens: 5, output_tokens: 1 } },
});

function decode(text: string): StreamEvent[] {
  const parser = new SseParser();
  const decoder = createStreamDecoder(ctx);
  const out = parser.push(text).flatMap((m) => decoder.push(m));
  return [...out, ...parser.end().flatMap((m) => decoder.push(m)), ...decoder.end()];
}

/** Checks canonical.ts's grammar: start (part_start delta* part_end)* usage* finish usage* end, or an error instead of the rest. */
function assertGrammar(events: StreamEvent[]): void {
  assert.equal(events[0]?.type, 'start');
  let open: number | undefined;
  let next = 0;
  let finished = false;
  for (const [i, e] of events.slice(1).entries()) {
    const last = i === events.length - 2;
    switch (e.type) {
      case 'start':
        assert.fail('second start');
        break;
      case 'part_start':
        assert.equal(open, undefined, 'a part started while another is open');
        assert.equal(finished, false);
        assert.equal(e.index, next++);
        open = e.index;
        break;
      case 'delta':
        assert.equal(e.index, open);
        break;
      case 'part_end':
        assert.equal(e.index, open);
        open = undefined;
        break;
      case 'usage':
        break;
      case 'finish':
        assert.equal(open, undefined);
        assert.equal(finished, false);
        finished = true;
        break;
      case 'end':
        assert.ok(finished && last, 'end comes last, after finish');
        break;
      case 'error':
        assert.ok(last, 'nothing follows an error');
        break;
    }
  }
  assert.ok(['end', 'error'].includes(events.at(-1)?.type ?? ''), 'the stream closes with end or error');
}

test('a block started before the previous one stopped closes the previous part first', () => {
  const events = decode(
    messageStart +
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: 'a' } }) +
      ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } }) +
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'late text for a closed block' } }) +
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } }) +
      ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }) +
      ev('message_stop', {}),
  );
  assertGrammar(events);
  assert.deepEqual(
    events.filter((e) => e.type !== 'usage').map((e) => e.type),
    ['start', 'part_start', 'delta', 'part_end', 'part_start', 'delta', 'part_end', 'finish', 'end'],
  );
  const argDelta = events.find((e) => e.type === 'delta' && e.delta.type === 'arguments');
  assert.deepEqual(argDelta, { type: 'delta', index: 1, delta: { type: 'arguments', json: '{}' } });
});

test('a stream without message_start still starts, and a tool_use with its whole input at start keeps it', () => {
  const events = decode(
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: '', name: 'f', input: { a: 1 } } }) +
      ev('content_block_stop', { index: 0 }) +
      ev('message_stop', {}),
  );
  assertGrammar(events);
  assert.deepEqual(events.slice(0, 3), [
    { type: 'start', id: 'msg_r1', model: '', created: 1_700_000_000 },
    { type: 'part_start', index: 0, part: { type: 'tool_call', id: 'call_r1_0', name: 'f' } },
    { type: 'delta', index: 0, delta: { type: 'arguments', json: '{"a":1}' } },
  ]);
  assert.deepEqual(events.slice(-2), [{ type: 'finish', stopReason: 'end_turn' }, { type: 'end' }]);
});

test('nothing is decoded after message_stop or an error, and end() then adds nothing', () => {
  const parser = new SseParser();
  const decoder = createStreamDecoder(ctx);
  const push = (text: string): StreamEvent[] => parser.push(text).flatMap((m) => decoder.push(m));
  push(messageStart + ev('message_stop', {}));
  assert.deepEqual(push(ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })), []);
  assert.deepEqual(decoder.end(), []);

  const failed = createStreamDecoder(ctx);
  const errorEvents = new SseParser().push(messageStart + ev('error', { error: { type: 'rate_limit_error', message: 'slow' } })).flatMap((m) => failed.push(m));
  assert.deepEqual(errorEvents.at(-1), { type: 'error', error: { status: 429, kind: 'rate_limit', message: 'slow' } });
  assert.deepEqual(failed.end(), []);
});

test('end() without message_stop reports the early end once', () => {
  const decoder = createStreamDecoder(ctx);
  for (const m of new SseParser().push(messageStart)) decoder.push(m);
  assert.deepEqual(decoder.end(), [{ type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' } }]);
  assert.deepEqual(decoder.end(), []);
});

test('a stream encoded for a client decodes back to the same canonical events', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'msg_r1', model: 'claude-x', created: 1_700_000_000 },
    { type: 'usage', usage: { inputTokens: 300, cachedInputTokens: 200, cacheWriteTokens: 50, outputTokens: 1 } },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'anthropic' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'think' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'sig', origin: 'anthropic' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'redacted_thinking', data: 'opaque' } },
    { type: 'part_end', index: 1 },
    { type: 'part_start', index: 2, part: { type: 'text' } },
    { type: 'delta', index: 2, delta: { type: 'text', text: 'Hi ' } },
    { type: 'delta', index: 2, delta: { type: 'text', text: 'there' } },
    { type: 'part_end', index: 2 },
    { type: 'part_start', index: 3, part: { type: 'tool_call', id: 'toolu_9', name: 'f' } },
    { type: 'delta', index: 3, delta: { type: 'arguments', json: '{"x"' } },
    { type: 'delta', index: 3, delta: { type: 'arguments', json: ':1}' } },
    { type: 'part_end', index: 3 },
    { type: 'usage', usage: { inputTokens: 300, cachedInputTokens: 200, cacheWriteTokens: 50, outputTokens: 42, reasoningTokens: 20 } },
    { type: 'finish', stopReason: 'stop_sequence', stopSequence: '###' },
    { type: 'end' },
  ];
  const request = { model: 'claude-x', system: [], messages: [], stream: true };
  const encoder = createStreamEncoder({ ...ctx, model: 'claude-x', request });
  const decoded = decode(events.map((e) => encoder.push(e)).join(''));
  assertGrammar(decoded);
  assert.deepEqual(decoded, events);
});
