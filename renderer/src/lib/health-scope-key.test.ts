import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountScopeKey, parseScopeKey, providerScopeKey } from './health-scope-key.js';

test('provider, account and model keys', () => {
  assert.deepEqual(parseScopeKey('provider:up-chat'), { scope: 'provider', providerId: 'up-chat' });
  assert.deepEqual(parseScopeKey('account:7f0c-1'), { scope: 'account', connectionId: '7f0c-1' });
  assert.deepEqual(parseScopeKey('model:7f0c-1:gpt-4o'), { scope: 'model', connectionId: '7f0c-1', model: 'gpt-4o' });
});

test('a model name keeps its own colons', () => {
  assert.deepEqual(parseScopeKey('model:abc:qwen/qwen3:free'), { scope: 'model', connectionId: 'abc', model: 'qwen/qwen3:free' });
});

test('anything else is shown as it is', () => {
  for (const key of ['', 'plain', ':x', 'provider:', 'model:abc', 'model:abc:', 'model::m', 'combo:x']) {
    assert.deepEqual(parseScopeKey(key), { scope: 'other', key }, key);
  }
});

test('keys built the way the gateway builds them parse back', () => {
  assert.deepEqual(parseScopeKey(providerScopeKey('openai')), { scope: 'provider', providerId: 'openai' });
  assert.deepEqual(parseScopeKey(accountScopeKey('id-1')), { scope: 'account', connectionId: 'id-1' });
});
