import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContentPart } from '../canonical.js';
import { encodeModelParts } from './model-parts-encode.js';

const call = { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' } as const;
const upstream = { to: 'upstream' } as const;

test("Gemini's signature in the thinking part before a call it did not sign goes on the functionCall", () => {
  const parts: ContentPart[] = [{ type: 'text', text: 'Calling.' }, { type: 'thinking', text: '', signature: 'SIG', origin: 'gemini' }, call];
  assert.deepEqual(encodeModelParts(parts, upstream), [{ text: 'Calling.' }, { functionCall: { id: 'c1', name: 'f', args: {} }, thoughtSignature: 'SIG' }]);
});

test('a signature that belongs elsewhere stays there', () => {
  // The call has Gemini's own signature: the one before it signed the text it follows.
  const signedCall = { ...call, signature: 'CALL', origin: 'gemini' } as const;
  assert.deepEqual(encodeModelParts([{ type: 'text', text: 'a' }, { type: 'thinking', text: '', signature: 'TEXT', origin: 'gemini' }, signedCall], upstream), [
    { text: 'a', thoughtSignature: 'TEXT' },
    { functionCall: { id: 'c1', name: 'f', args: {} }, thoughtSignature: 'CALL' },
  ]);
  // No call follows: the signature signs the text before it.
  assert.deepEqual(encodeModelParts([{ type: 'text', text: 'a' }, { type: 'thinking', text: '', signature: 'TEXT', origin: 'gemini' }], upstream), [
    { text: 'a', thoughtSignature: 'TEXT' },
  ]);
  // Another provider's signature never reaches Gemini.
  const foreign = encodeModelParts([{ type: 'thinking', text: 't', signature: 'S', origin: 'anthropic' }, call], upstream);
  assert.deepEqual(foreign, [{ functionCall: { id: 'c1', name: 'f', args: {} } }]);
});
