import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEHOLDER_THOUGHT_SIGNATURE, readThoughtSignature, upstreamThoughtSignature, wrapThoughtSignature } from './thought-signature.js';

test('a wrapped thoughtSignature is valid base64 and reads back, however a client re-encodes the bytes', () => {
  const wrapped = wrapThoughtSignature('anthropic', 'EqQB+/sig', 'Thinking text.');
  assert.match(wrapped, /^[A-Za-z0-9+/]+={0,2}$/);
  const expected = { signature: 'EqQB+/sig', origin: 'anthropic', text: 'Thinking text.' };
  assert.deepEqual(readThoughtSignature(wrapped), expected);
  // google-genai for Python decodes `bytes` fields and may send them back URL-safe, unpadded.
  const urlSafe = Buffer.from(wrapped, 'base64').toString('base64url');
  assert.deepEqual(readThoughtSignature(urlSafe), expected);
});

test('the "no signature" value, the documented placeholders and empty values read as no signature', () => {
  assert.deepEqual(readThoughtSignature(wrapThoughtSignature(undefined, undefined)), {});
  assert.deepEqual(readThoughtSignature(PLACEHOLDER_THOUGHT_SIGNATURE), {});
  assert.deepEqual(readThoughtSignature('context_engineering_is_the_way_to_go'), {});
  assert.deepEqual(readThoughtSignature(''), {});
  assert.deepEqual(readThoughtSignature(undefined), {});
});

test("anything else a client sends back is Gemini's own signature", () => {
  assert.deepEqual(readThoughtSignature('CiQBcsjafQ1Bz+abc=='), { signature: 'CiQBcsjafQ1Bz+abc==', origin: 'gemini' });
  assert.deepEqual(upstreamThoughtSignature('CiQB'), { signature: 'CiQB', origin: 'gemini' });
  assert.deepEqual(upstreamThoughtSignature(null), {});
});
