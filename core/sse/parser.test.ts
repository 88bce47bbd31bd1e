import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSse, SseParser } from './parser.js';

test('events split at any byte come out whole, in order', () => {
  const text = 'event: a\ndata: {"x":1}\n\n: comment\ndata: line1\ndata: line2\n\nevent: b\r\ndata:no-space\r\n\r\n';
  for (let step = 1; step <= text.length; step++) {
    const parser = new SseParser();
    const out = [];
    for (let i = 0; i < text.length; i += step) out.push(...parser.push(text.slice(i, i + step)));
    out.push(...parser.end());
    assert.deepEqual(out, [
      { event: 'a', data: '{"x":1}' },
      { data: 'line1\nline2' },
      { event: 'b', data: 'no-space' },
    ], `step ${step}`);
  }
});

test('multi-byte UTF-8 split across chunks decodes correctly', () => {
  const bytes = Buffer.from('data: héllo 世界\n\n', 'utf8');
  const parser = new SseParser();
  const out = [];
  for (const b of bytes) out.push(...parser.push(Uint8Array.of(b)));
  assert.deepEqual(out, [{ data: 'héllo 世界' }]);
});

test('a final event without its blank line is delivered at end()', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: last'), []);
  assert.deepEqual(parser.end(), [{ data: 'last' }]);
});

test('formatSse frames with and without an event name', () => {
  assert.equal(formatSse('{}'), 'data: {}\n\n');
  assert.equal(formatSse('{}', 'ping'), 'event: ping\ndata: {}\n\n');
});
