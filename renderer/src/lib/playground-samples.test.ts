import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIRE_FORMATS } from './contract-lists.js';
import { bodyAfterFormatChange, sampleBody, sampleText } from './playground-samples.js';
import { parseBody } from './playground-body.js';

test('every format has a sample without model or stream (the page sets those)', () => {
  for (const format of WIRE_FORMATS) {
    const body = sampleBody(format);
    assert.equal('model' in body, false, format);
    assert.equal('stream' in body, false, format);
    assert.deepEqual(parseBody(sampleText(format)), { ok: true, body }, format);
  }
  assert.equal(typeof sampleBody('anthropic').max_tokens, 'number', 'Anthropic refuses a request without max_tokens');
});

test('changing the format swaps an untouched sample and keeps an edited body', () => {
  assert.equal(bodyAfterFormatChange(sampleText('openai-chat'), 'openai-chat', 'gemini'), sampleText('gemini'));
  assert.equal(bodyAfterFormatChange('  ', 'openai-chat', 'anthropic'), sampleText('anthropic'));
  const edited = '{"messages":[{"role":"user","content":"mine"}]}';
  assert.equal(bodyAfterFormatChange(edited, 'openai-chat', 'gemini'), edited);
});

test('the editor text must be a JSON object', () => {
  const notJson = parseBody('{"messages": [');
  assert.equal(notJson.ok, false);
  assert.equal(!notJson.ok && notJson.reason, 'not_json');
  assert.ok(!notJson.ok && notJson.detail.length > 0);
  assert.deepEqual(parseBody('[1]'), { ok: false, reason: 'not_object', detail: '' });
  assert.deepEqual(parseBody('null'), { ok: false, reason: 'not_object', detail: '' });
});
