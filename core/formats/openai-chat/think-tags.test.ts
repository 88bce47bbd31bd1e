import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThinkTagSplitter, type ContentPiece } from './think-tags.js';

function merge(pieces: ContentPiece[]): ContentPiece[] {
  const out: ContentPiece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

function run(chunks: string[]): ContentPiece[] {
  const splitter = new ThinkTagSplitter();
  const pieces = chunks.flatMap((c) => splitter.push(c));
  return merge([...pieces, ...splitter.flush()]);
}

const cases: Array<[string, ContentPiece[]]> = [
  ['<think>\nThe user greets me.\n</think>\n\nHello there!', [{ kind: 'thinking', text: 'The user greets me.' }, { kind: 'text', text: 'Hello there!' }]],
  ['  \n<think>a</think>b', [{ kind: 'thinking', text: 'a' }, { kind: 'text', text: 'b' }]],
  ['plain answer', [{ kind: 'text', text: 'plain answer' }]],
  ['<b>bold</b>', [{ kind: 'text', text: '<b>bold</b>' }]],
  ['<thi', [{ kind: 'text', text: '<thi' }]],
  ['say <think>x</think>', [{ kind: 'text', text: 'say <think>x</think>' }]],
  ['<think>cut off by max_tokens </thi', [{ kind: 'thinking', text: 'cut off by max_tokens </thi' }]],
  ['<think></think>only text', [{ kind: 'text', text: 'only text' }]],
  ['<think>a < b and </thinking> is not it</think>done', [{ kind: 'thinking', text: 'a < b and </thinking> is not it' }, { kind: 'text', text: 'done' }]],
  ['<think>x</think>   ', [{ kind: 'thinking', text: 'x' }]],
];

test('think tags: whole input splits into thinking and text', () => {
  for (const [input, expected] of cases) assert.deepEqual(run([input]), expected, JSON.stringify(input));
});

test('think tags: every way of cutting the input in two or three pieces gives the same result', () => {
  for (const [input, expected] of cases) {
    for (let i = 0; i <= input.length; i++) {
      assert.deepEqual(run([input.slice(0, i), input.slice(i)]), expected, `${JSON.stringify(input)} cut at ${i}`);
      for (let j = i; j <= input.length; j++) {
        assert.deepEqual(run([input.slice(0, i), input.slice(i, j), input.slice(j)]), expected, `${JSON.stringify(input)} cut at ${i},${j}`);
      }
    }
  }
});

test('think tags: one character at a time', () => {
  for (const [input, expected] of cases) assert.deepEqual(run([...input]), expected, JSON.stringify(input));
});

test('think tags: text is released as soon as it cannot be part of a tag', () => {
  const splitter = new ThinkTagSplitter();
  assert.deepEqual(splitter.push('<think>'), []);
  assert.deepEqual(splitter.push('step one'), [{ kind: 'thinking', text: 'step one' }]);
  // A possible closing tag and the whitespace before it wait for the next piece.
  assert.deepEqual(splitter.push(', two \n</thi'), [{ kind: 'thinking', text: ', two' }]);
  assert.deepEqual(splitter.push('s is not'), [{ kind: 'thinking', text: ' \n</this is not' }]);
  assert.deepEqual(splitter.push('</think>\n\nAnswer'), [{ kind: 'text', text: 'Answer' }]);
  assert.deepEqual(splitter.push(' more'), [{ kind: 'text', text: ' more' }]);
  assert.deepEqual(splitter.flush(), []);
});

test('think tags: plain text is not held back once it cannot open a tag', () => {
  const splitter = new ThinkTagSplitter();
  assert.deepEqual(splitter.push('<'), []);
  assert.deepEqual(splitter.push('p>hi'), [{ kind: 'text', text: '<p>hi' }]);
  assert.deepEqual(splitter.push('<think>'), [{ kind: 'text', text: '<think>' }]);
});
