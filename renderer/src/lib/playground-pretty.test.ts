import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyBody } from './playground-pretty.js';

test('JSON is indented', () => {
  assert.equal(prettyBody('{"a":1,"b":[true]}'), '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
});

test('an event stream is shown as it came, one compact line per event', () => {
  const raw = 'event: message_start\ndata: {"type":"message_start"}\n\ndata: [DONE]\n\n';
  assert.equal(prettyBody(raw), raw);
});

test('a body cut at the cap, or plain text, is shown as it came', () => {
  assert.equal(prettyBody('{"a":"cut sho'), '{"a":"cut sho');
  assert.equal(prettyBody('<html><script>alert(1)</script>'), '<html><script>alert(1)</script>');
  assert.equal(prettyBody(''), '');
});
