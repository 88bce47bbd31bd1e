import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { ChatStreamDecoder } from './stream-decode.js';

const ctx = { requestId: 'r1', now: 1_700_000_000_000 };

function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
}

function decode(text: string, pieceSize = text.length): StreamEvent[] {
  const parser = new SseParser();
  const decoder = new ChatStreamDecoder(ctx);
  const events: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += pieceSize) {
    for (const m of parser.push(text.slice(i, i + pieceSize))) events.push(...decoder.push(m));
  }
  for (const m of parser.end()) events.push(...decoder.push(m));
  events.push(...decoder.end());
  return events;
}

/** Checks canonical.ts's grammar: start (part_start delta* part_end)* usage* finish usage* end, or an error anywhere. */
function assertGrammar(events: StreamEvent[]): void {
  let state: 'before' | 'parts' | 'finished' | 'over' = 'before';
  let open: number | undefined;
  let next = 0;
  for (const e of events) {
    assert.notEqual(state, 'over', `event after the end: ${JSON.stringify(e)}`);
    if (e.type === 'error') {
      state = 'over';
      continue;
    }
    if (state === 'before') {
      assert.equal(e.type, 'start');
      state = 'parts';
      continue;
    }
    switch (e.type) {
      case 'part_start':
        assert.equal(state, 'parts');
        assert.equal(open, undefined, 'a part started while another was open');
        assert.equal(e.index, next++);
        open = e.index;
        break;
      case 'delta':
      case 'part_end':
        assert.equal(e.index, open, `${e.type} for a part that is not open`);
        if (e.type === 'part_end') open = undefined;
        break;
      case 'usage':
        assert.equal(open, undefined, 'usage inside a part');
        break;
      case 'finish':
        assert.equal(state, 'parts');
        assert.equal(open, undefined, 'finish inside a part');
        state = 'finished';
        break;
      case 'end':
        assert.equal(state, 'finished', 'end without finish');
        state = 'over';
        break;
      default:
        assert.fail(`unexpected ${e.type}`);
    }
  }
  assert.equal(state, 'over', 'stream did not end');
}

const mixed =
  chunk({ role: 'assistant', content: '', reasoning_content: 'Plan ' }, null, { usage: null }) +
  chunk({ reasoning_content: 'it.' }) +
  chunk({ content: 'I will ' }) +
  chunk({ content: 'call.' }) +
  chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'a', arguments: '{"q":' } }] }) +
  chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }) +
  chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'b', arguments: '' } }] }) +
  chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }) +
  chunk({}, 'tool_calls') +
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } })}\n\n` +
  'data: [DONE]\n\n';

test('stream decode: thinking, text and two tool calls keep the grammar at any chunking', () => {
  const whole = decode(mixed);
  assertGrammar(whole);
  const kinds = whole.filter((e) => e.type === 'part_start').map((e) => (e.type === 'part_start' ? e.part : undefined));
  assert.deepEqual(kinds, [{ type: 'thinking' }, { type: 'text' }, { type: 'tool_call', id: 'call_1', name: 'a' }, { type: 'tool_call', id: 'call_2', name: 'b' }]);
  for (const size of [1, 2, 3, 5, 11, 64]) {
    const events = decode(mixed, size);
    assertGrammar(events);
    assert.deepEqual(events, whole, `piece size ${size}`);
  }
});

test('stream decode: argument pieces concatenate to the exact text the model produced', () => {
  const events = decode(mixed, 4);
  const args = events.flatMap((e) => (e.type === 'delta' && e.delta.type === 'arguments' && e.index === 2 ? [e.delta.json] : []));
  assert.equal(args.join(''), '{"q":1}');
});

test('stream decode: [DONE] alone, or nothing at all, is an early end', () => {
  for (const text of ['data: [DONE]\n\n', '']) {
    const events = decode(text);
    assert.deepEqual(events, [{ type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' } }]);
  }
});

test('stream decode: nothing is emitted after [DONE] or after an error', () => {
  const afterDone = decode(chunk({ content: 'a' }, 'stop') + 'data: [DONE]\n\n' + chunk({ content: 'late' }));
  assertGrammar(afterDone);
  assert.equal(afterDone.filter((e) => e.type === 'delta').length, 1);

  const afterError = decode(chunk({ content: 'a' }) + 'data: {"error":{"message":"boom","type":"server_error"}}\n\n' + chunk({ content: 'b' }, 'stop'));
  assertGrammar(afterError);
  assert.deepEqual(afterError.at(-1), { type: 'error', error: { status: 502, kind: 'api_error', message: 'boom' } });
});

test('stream decode: an `event: error` frame and a non-JSON frame become error events', () => {
  const named = decode(chunk({ content: 'a' }) + 'event: error\ndata: {"message":"quota exhausted","code":429}\n\n');
  assertGrammar(named);
  assert.deepEqual(named.at(-1), { type: 'error', error: { status: 429, kind: 'rate_limit', message: 'quota exhausted' } });

  const garbage = decode(chunk({ content: 'a' }) + 'data: <html>oops\n\n');
  assertGrammar(garbage);
  assert.equal(garbage.at(-1)?.type, 'error');
});

test('stream decode: content held back for a possible <think> is flushed before a tool call', () => {
  const events = decode(chunk({ content: '<thi' }) + chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 't', arguments: '{}' } }] }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
  assertGrammar(events);
  const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.delta] : []));
  assert.deepEqual(deltas, [{ type: 'text', text: '<thi' }, { type: 'arguments', json: '{}' }]);
  assert.deepEqual(events.find((e) => e.type === 'finish'), { type: 'finish', stopReason: 'tool_use' });
});

test('stream decode: arguments for a tool call that was already closed are not glued onto another part', () => {
  const events = decode(
    chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'x', arguments: '{' } }] }) +
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'y', arguments: '{}' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n',
  );
  assertGrammar(events);
  const byPart = events.flatMap((e) => (e.type === 'delta' && e.delta.type === 'arguments' ? [[e.index, e.delta.json]] : []));
  assert.deepEqual(byPart, [[0, '{'], [1, '{}']]);
});

test('stream decode: only choice 0 is followed', () => {
  const text =
    `data: ${JSON.stringify({ id: 'c', choices: [{ index: 1, delta: { content: 'other' } }, { index: 0, delta: { content: 'mine' } }] })}\n\n` +
    `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;
  const events = decode(text);
  assertGrammar(events);
  assert.deepEqual(events.flatMap((e) => (e.type === 'delta' ? [e.delta] : [])), [{ type: 'text', text: 'mine' }]);
});
