import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNdjson, NdjsonSplitter } from './ndjson.js';

const data = (messages: Array<{ data: string }>) => messages.map((m) => m.data);

test('lines split anywhere across chunks come out whole, one message each', () => {
  const text = '{"a":1}\n{"b":"x\\ny"}\n{"c":3}\n';
  for (let step = 1; step <= text.length; step++) {
    const splitter = new NdjsonSplitter();
    const out: string[] = [];
    for (let i = 0; i < text.length; i += step) out.push(...data(splitter.push(text.slice(i, i + step))));
    out.push(...data(splitter.end()));
    assert.deepEqual(out, ['{"a":1}', '{"b":"x\\ny"}', '{"c":3}'], `step ${step}`);
  }
});

test('CRLF endings lose their CR; blank lines carry nothing', () => {
  const splitter = new NdjsonSplitter();
  assert.deepEqual(data(splitter.push('{"a":1}\r\n\r\n   \n{"b":2}\r')), ['{"a":1}']);
  assert.deepEqual(data(splitter.push('\n')), ['{"b":2}']);
  assert.deepEqual(splitter.end(), []);
});

test('a last line without its newline counts when the stream closes', () => {
  const splitter = new NdjsonSplitter();
  assert.deepEqual(data(splitter.push('{"a":1}\n{"done":tr')), ['{"a":1}']);
  assert.deepEqual(data(splitter.push('ue}')), []);
  assert.deepEqual(data(splitter.end()), ['{"done":true}']);
});

test('a multi-byte character cut between chunks is decoded whole', () => {
  const bytes = Buffer.from('{"t":"héllo 👋"}\n');
  const splitter = new NdjsonSplitter();
  const out: string[] = [];
  for (const byte of bytes) out.push(...data(splitter.push(Uint8Array.of(byte))));
  assert.deepEqual(out, ['{"t":"héllo 👋"}']);
});

test('a huge line is cut at the bound: its head comes out at once, the rest is skipped', () => {
  const splitter = new NdjsonSplitter(16);
  const first = splitter.push('{"a":"0123456789');
  assert.deepEqual(first, []);
  const cut = data(splitter.push('abcdefghij'));
  assert.deepEqual(cut, ['{"a":"0123456789abcd'.slice(0, 16)]);
  // The rest of that line, however long, is not held.
  for (let i = 0; i < 100; i++) assert.deepEqual(splitter.push('x'.repeat(1000)), []);
  assert.deepEqual(data(splitter.push('"}\n{"b":2}\n')), ['{"b":2}']);
  assert.deepEqual(splitter.end(), []);
});

test('a huge line that arrives whole with its newline is cut too', () => {
  const splitter = new NdjsonSplitter(8);
  assert.deepEqual(data(splitter.push('{"a":"0123456789"}\n{"b":2}\n')), ['{"a":"01', '{"b":2}']);
});

test('formatNdjson ends the line', () => {
  assert.equal(formatNdjson('{"a":1}'), '{"a":1}\n');
});
