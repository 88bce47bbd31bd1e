import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceStringField } from './json-field.js';

test('replaces the string at a top-level key and keeps every other byte', () => {
  const body = '{"id":"x","n":1.50,"e":"caf\\u00e9","model":"up-1" ,"tail":[1, {"a":null}]}';
  assert.equal(replaceStringField(body, ['model'], 'mine'), '{"id":"x","n":1.50,"e":"caf\\u00e9","model":"mine" ,"tail":[1, {"a":null}]}');
});

test('follows a nested path and skips same-named keys elsewhere', () => {
  const body = JSON.stringify({
    type: 'message_start',
    content: [{ type: 'tool_use', input: { model: 'up-1' } }],
    message: { id: 'm', note: 'the "model":"up-1" in text', model: 'up-1' },
  });
  const out = replaceStringField(body, ['message', 'model'], 'combo');
  assert.deepEqual(JSON.parse(out), {
    type: 'message_start',
    content: [{ type: 'tool_use', input: { model: 'up-1' } }],
    message: { id: 'm', note: 'the "model":"up-1" in text', model: 'combo' },
  });
});

test('pretty-printed JSON, escapes in the skipped strings and in the new value', () => {
  const body = '{\n  "candidates": [{"content": {"parts": [{"text": "a \\\\\\"quote\\\\"}]}}],\n  "modelVersion": "gemini-x"\n}';
  const out = replaceStringField(body, ['modelVersion'], 'my "alias"');
  assert.equal(JSON.parse(out).modelVersion, 'my "alias"');
  assert.equal(JSON.parse(out).candidates[0].content.parts[0].text, JSON.parse(body).candidates[0].content.parts[0].text);
});

test('leaves the text alone when the path does not lead to a string', () => {
  for (const body of ['{"model":null}', '{"other":"x"}', '[{"model":"x"}]', 'not json', '', '{"model":', '{"message":"m"}']) {
    assert.equal(replaceStringField(body, ['model'], 'new'), body);
    assert.equal(replaceStringField(body, ['message', 'model'], 'new'), body);
  }
});

test('returns the same string when the value is already the one asked for', () => {
  const body = '{"model":"same"}';
  assert.equal(replaceStringField(body, ['model'], 'same'), body);
});
