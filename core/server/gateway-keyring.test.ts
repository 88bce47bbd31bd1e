import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGatewayKeyring, keyHash, modelInScopes } from './gateway-keyring.js';

test('file keys and stored keys are both accepted; revoked and expired stored keys are not', () => {
  const ring = createGatewayKeyring([{ key: 'file-key', label: 'file' }]);
  assert.equal(ring.required(), true);
  ring.setStored([
    { id: '1', label: 'live', hash: keyHash('live-key'), hint: 'live', scopes: ['openai/*'], expiresAt: 2_000, createdAt: 0, revokedAt: null },
    { id: '2', label: 'gone', hash: keyHash('gone-key'), hint: 'gone', scopes: [], expiresAt: null, createdAt: 0, revokedAt: 5 },
  ]);
  assert.deepEqual(ring.identify('file-key', 0), { label: 'file', scopes: [] });
  assert.deepEqual(ring.identify('live-key', 1_999), { label: 'live', scopes: ['openai/*'] });
  assert.equal(ring.identify('live-key', 2_000), undefined, 'expired');
  assert.equal(ring.identify('gone-key', 0), undefined, 'revoked');
  assert.equal(ring.identify(undefined, 0), undefined);
});

test('with no key anywhere the model routes are open', () => {
  const ring = createGatewayKeyring([]);
  assert.equal(ring.required(), false);
  ring.setStored([{ id: '1', label: 'k', hash: keyHash('k'), hint: 'k', scopes: [], expiresAt: null, createdAt: 0, revokedAt: null }]);
  assert.equal(ring.required(), true);
});

test('scopes: a prefix pattern or an exact name; none means every model', () => {
  assert.equal(modelInScopes('anything', []), true);
  assert.equal(modelInScopes('openai/gpt-4o', ['openai/*']), true);
  assert.equal(modelInScopes('openaix/gpt', ['openai/*']), false);
  assert.equal(modelInScopes('my-combo', ['openai/*', 'my-combo']), true);
  assert.equal(modelInScopes('my-combo-2', ['my-combo']), false);
});
