import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { createStreamDecoder } from './stream-decode.js';
import { createStreamEncoder } from './stream-encode.js';

const ctx = { requestId: 'st1', now: 1_700_000_000_000 };

function decodeEvents(events: Array<Record<string, unknown>>): StreamEvent[] {
  const decoder = createStreamDecoder(ctx);
  const out: StreamEvent[] = [];
  for (const e of events) out.push(...decoder.push({ event: String(e.type), data: JSON.stringify(e) }));
  out.push(...decoder.end());
  return out;
}

/** Checks the canonical grammar: start (part_start delta* part_end)* usage* finish usage* end. */
function assertGrammar(events: StreamEvent[]): void {
  assert.equal(events[0]?.type, 'start');
  let open: number | undefined;
  let next = 0;
  for (const e of events.slice(1)) {
    if (e.type === 'part_start') {
      assert.equal(open, undefined, 'a part started while another was open');
      assert.equal(e.index, next++);
      open = e.index;
    } else if (e.type === 'delta') assert.equal(e.index, open);
    else if (e.type === 'part_end') {
      assert.equal(e.index, open);
      open = undefined;
    }
  }
  assert.equal(open, undefined);
  assert.equal(events.at(-1)?.type, 'end');
}

test('two content parts of one message item become two text parts; calls without call_id get minted ids', () => {
  const events = decodeEvents([
    { type: 'response.created', response: { id: 'r', model: 'm', created_at: 5 } },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg', content: [] } },
    { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'a' },
    { type: 'response.output_text.delta', output_index: 0, content_index: 1, delta: 'b' },
    { type: 'response.output_item.done', output_index: 0, item: { type: 'message', content: [{ type: 'output_text', text: 'a' }, { type: 'output_text', text: 'b' }] } },
    { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', id: 'fc1', name: 'f', arguments: '' } },
    { type: 'response.function_call_arguments.delta', output_index: 1, delta: '{}' },
    { type: 'response.output_item.done', output_index: 1, item: { type: 'function_call', name: 'f', arguments: '{}' } },
    { type: 'response.output_item.added', output_index: 2, item: { type: 'function_call', id: 'fc2', name: 'g', arguments: '' } },
    { type: 'response.output_item.done', output_index: 2, item: { type: 'function_call', name: 'g', arguments: '{"x":1}' } },
    { type: 'response.unknown_future_event', output_index: 2 },
    { type: 'response.completed', response: { status: 'completed' } },
  ]);
  assertGrammar(events);
  const starts = events.filter((e) => e.type === 'part_start').map((e) => e.part);
  assert.deepEqual(starts, [
    { type: 'text' },
    { type: 'text' },
    { type: 'tool_call', id: 'call_st1_0', name: 'f' },
    { type: 'tool_call', id: 'call_st1_1', name: 'g' },
  ]);
  const args = events.flatMap((e) => (e.type === 'delta' && e.delta.type === 'arguments' ? [e.delta.json] : []));
  assert.deepEqual(args, ['{}', '{"x":1}'], 'arguments come once each: from deltas, or from the done item when no delta came');
  assert.deepEqual(events.find((e) => e.type === 'finish'), { type: 'finish', stopReason: 'tool_use' });
});

test('a stream that never sent response.created still starts, and one that stops mid-item errors', () => {
  const events = decodeEvents([{ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'hi' }]);
  assert.deepEqual(events, [
    { type: 'start', id: 'resp_st1', model: '', created: 1_700_000_000 },
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'hi' } },
    { type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream stream ended before completion' } },
  ]);
});

test('non-JSON data lines are skipped rather than failing the stream', () => {
  const decoder = createStreamDecoder(ctx);
  assert.deepEqual(decoder.push({ data: 'not json' }), []);
  assert.deepEqual(decoder.push({ data: '42' }), []);
});

function encode(events: StreamEvent[]): Array<Record<string, unknown>> {
  const encoder = createStreamEncoder({ ...ctx, model: 'cm', request: { model: 'cm', system: [], messages: [], stream: true } });
  const text = events.map((e) => encoder.push(e)).join('');
  return new SseParser().push(text).map((m) => JSON.parse(m.data) as Record<string, unknown>);
}

test('the encoder closes an unclosed part, skips redacted thinking and mismatched deltas, and stops after an error', () => {
  const out = encode([
    { type: 'start', id: 'x', model: 'm', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'redacted_thinking', data: 'opaque' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'never shown' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'text' } },
    { type: 'delta', index: 1, delta: { type: 'arguments', json: '{}' } },
    { type: 'delta', index: 7, delta: { type: 'text', text: 'wrong index' } },
    { type: 'delta', index: 1, delta: { type: 'text', text: 'ok' } },
    { type: 'part_start', index: 2, part: { type: 'tool_call', id: 'c', name: 'f' } },
    { type: 'error', error: { status: 500, kind: 'api_error', message: 'boom' } },
    { type: 'part_end', index: 2 },
    { type: 'finish', stopReason: 'end_turn' },
    { type: 'end' },
  ]);
  assert.deepEqual(
    out.map((e) => e.type),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'error',
      'response.failed',
    ],
  );
  const failed = out.at(-1) as { response: { status: string; output: Array<{ id: string }>; error: unknown } };
  assert.equal(failed.response.status, 'failed');
  assert.deepEqual(failed.response.error, { code: 'server_error', message: 'boom' });
  assert.deepEqual(failed.response.output.map((i) => i.id), ['msg_st1_0']);
  assert.deepEqual(out.find((e) => e.type === 'response.output_text.delta')?.delta, 'ok');
});
