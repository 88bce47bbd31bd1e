import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prettyBody } from './logs-body.js';

test('JSON is pretty-printed with two spaces', () => {
  assert.deepEqual(prettyBody('{"a":[1,{"b":"<script>"}]}'), { text: '{\n  "a": [\n    1,\n    {\n      "b": "<script>"\n    }\n  ]\n}', shape: 'json' });
});

test('a cut or malformed JSON body, an event stream and plain text stay as they are', () => {
  assert.deepEqual(prettyBody('{"a":"trunc'), { text: '{"a":"trunc', shape: 'text' });
  const sse = 'data: {"x":1}\n\ndata: [DONE]\n\n';
  assert.deepEqual(prettyBody(sse), { text: sse, shape: 'text' });
  assert.equal(prettyBody('').text, '');
});
