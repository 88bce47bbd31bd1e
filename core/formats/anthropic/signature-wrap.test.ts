import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIRE_FORMATS } from '../canonical.js';
import { unwrapSignature, wrapSignature } from './signature-wrap.js';

test('wrapped signatures round-trip for every origin, with and without a signature', () => {
  for (const origin of [...WIRE_FORMATS, undefined]) {
    for (const signature of ['abc+/=', '', undefined]) {
      const wrapped = wrapSignature(origin, signature);
      assert.match(wrapped, /^or1\.[A-Za-z0-9_-]+$/);
      const expected: { signature?: string; origin?: string } = {};
      if (signature) expected.signature = signature;
      if (origin !== undefined) expected.origin = origin;
      assert.deepEqual(unwrapSignature(wrapped), expected);
    }
  }
});

test('plain and malformed signatures are Anthropic\'s own', () => {
  assert.deepEqual(unwrapSignature('EqQBCkYIBxgC'), { signature: 'EqQBCkYIBxgC', origin: 'anthropic' });
  const badOrigin = 'or1.' + Buffer.from(JSON.stringify({ o: 'cohere', s: 'x' })).toString('base64url');
  assert.deepEqual(unwrapSignature(badOrigin), { signature: badOrigin, origin: 'anthropic' });
  assert.deepEqual(unwrapSignature(''), { origin: 'anthropic' });
});
