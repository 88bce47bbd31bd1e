import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWrappedSignature, wrapSignature } from './signature-wrap.js';

test('a wrapped signature reads back with its origin and the text it carries', () => {
  const wrapped = wrapSignature('anthropic', 'EqQB+/=', 'I should look it up.');
  assert.match(wrapped, /^or1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(readWrappedSignature(wrapped), { signature: 'EqQB+/=', origin: 'anthropic', text: 'I should look it up.' });
  assert.deepEqual(readWrappedSignature(wrapSignature(undefined, undefined)), {});
  assert.deepEqual(readWrappedSignature(wrapSignature('openai-responses', '', '')), { origin: 'openai-responses', text: '' });
});

test('values the gateway did not make are not read as wrappers', () => {
  assert.equal(readWrappedSignature('EqQBCkYIBxgC'), undefined);
  assert.equal(readWrappedSignature('or1.not-json'), undefined);
  assert.equal(readWrappedSignature('or1.' + Buffer.from('{"o":"cohere"}').toString('base64url')), undefined);
});
