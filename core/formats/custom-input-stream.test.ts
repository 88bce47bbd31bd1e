import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CustomCallInput, CustomInputStream } from './custom-input-stream.js';
import { argumentsFromCustomInput } from './custom-tools.js';

const PATCH = '*** Begin Patch\n*** Update File: a.py\n@@\n-print("hi")\n+print("h\\u00e9 \\"x\\"") # é ✓ 😀\t\u2028\n*** End Patch\n';

function feed(pieces: string[]): string[] {
  const reader = new CustomInputStream();
  return pieces.map((p) => reader.push(p));
}

function isLone(text: string): boolean {
  return /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(text);
}

test('the input streams out of the arguments JSON whatever the piece boundaries', () => {
  const json = argumentsFromCustomInput(PATCH);
  for (let cut = 0; cut <= json.length; cut++) {
    const out = feed([json.slice(0, cut), json.slice(cut)]);
    assert.equal(out.join(''), PATCH, `cut at ${cut}`);
    for (const piece of out) assert.ok(!isLone(piece), `cut at ${cut}: a delta splits a surrogate pair`);
  }
  // One UTF-16 unit at a time: escapes (\n, \", \\, \u00e9) and the emoji's surrogate pair
  // (escaped here, raw in PATCH) are all cut.
  const escaped = JSON.stringify({ input: PATCH }).replace('😀', '\\ud83d\\ude00');
  for (const source of [json, escaped, ' { "input" :\n "' + JSON.stringify(PATCH).slice(1)]) {
    const units = source.split('');
    const out = feed(units);
    assert.equal(out.join(''), PATCH);
    for (const piece of out) assert.ok(!isLone(piece));
  }
});

test('text before the string ends is streamed as soon as it arrives; what follows the string is ignored', () => {
  assert.deepEqual(feed(['{"input":"ab', 'c', '\\', 'n', 'd"', ',"x":1}']), ['ab', 'c', '', '\n', 'd', '']);
});

test('arguments of another shape stream nothing (the encoder then sends the input whole)', () => {
  for (const json of ['{"city":"Paris","input":"x"}', '"just text"', '{"input":5}', '{"\\u0069nput":"x"}', 'not json', '{"inputs":"x"}']) {
    assert.equal(feed(json.split('')).join(''), '', json);
  }
});

test('a custom call whose input streamed has nothing left to send at the end, and still knows its whole input', () => {
  const call = new CustomCallInput();
  const json = argumentsFromCustomInput(PATCH);
  const sent = [json.slice(0, 15), json.slice(15)].map((p) => call.push(p));
  assert.equal(sent.join(''), PATCH);
  assert.deepEqual(call.end(), { input: PATCH, rest: '' });
});

test('a custom call whose arguments could not stream sends its whole input at the end', () => {
  const cases: Array<[json: string, input: string]> = [
    ['{"city":"Paris","input":"x"}', 'x'],
    ['not json', 'not json'],
    ['', ''],
  ];
  for (const [json, input] of cases) {
    const call = new CustomCallInput();
    assert.equal(json.split('').map((p) => call.push(p)).join(''), '', json);
    assert.deepEqual(call.end(), { input, rest: input }, json);
  }
});
