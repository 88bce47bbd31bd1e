import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { unsafeModelId, upstreamTarget } from './target.js';

test('each format gets its own path and auth header', () => {
  const openai = upstreamTarget({ provider: BUILTIN_PROVIDERS.openai!, apiKey: 'sk', model: 'gpt-5', stream: false });
  assert.equal(openai.url, 'https://api.openai.com/v1/chat/completions');
  assert.equal(openai.headers.authorization, 'Bearer sk');

  const anthropic = upstreamTarget({ provider: BUILTIN_PROVIDERS.anthropic!, apiKey: 'ak', model: 'claude-sonnet-4-5', stream: true });
  assert.equal(anthropic.url, 'https://api.anthropic.com/v1/messages');
  assert.equal(anthropic.headers['x-api-key'], 'ak');
  assert.equal(anthropic.headers['anthropic-version'], '2023-06-01');
  assert.equal(anthropic.headers.authorization, undefined);

  const gemini = upstreamTarget({ provider: BUILTIN_PROVIDERS.gemini!, apiKey: 'gk', model: 'gemini-2.5-pro', stream: true, baseUrl: 'http://127.0.0.1:9/v1beta/' });
  assert.equal(gemini.url, 'http://127.0.0.1:9/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  assert.equal(gemini.headers['x-goog-api-key'], 'gk');
});

test('forwarded client headers: the API version replaces the default, betas add up, auth stays the account\'s', () => {
  const target = upstreamTarget({
    provider: { ...BUILTIN_PROVIDERS.anthropic!, headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'a-1' } },
    apiKey: 'account-key',
    model: 'claude-sonnet-4-5',
    stream: false,
    forwarded: { 'anthropic-version': '2024-01-01', 'anthropic-beta': 'b-2, a-1', 'x-api-key': 'client-key' },
  });
  assert.equal(target.headers['anthropic-version'], '2024-01-01');
  assert.equal(target.headers['anthropic-beta'], 'a-1,b-2');
  assert.equal(target.headers['x-api-key'], 'account-key');
});

test('a Gemini model id is one encoded path segment; ids that could move the path are refused', () => {
  const gemini = upstreamTarget({ provider: BUILTIN_PROVIDERS.gemini!, apiKey: 'gk', model: 'gémini x', stream: false, baseUrl: 'http://127.0.0.1:9/v1beta' });
  assert.equal(gemini.url, 'http://127.0.0.1:9/v1beta/models/g%C3%A9mini%20x:generateContent');
  for (const bad of ['../../x', '..', 'a/../b', 'x?q=', 'x#y', 'x%2e%2e', '%', 'x\u0000', 'x\ny', 'a\\b', '']) {
    assert.ok(unsafeModelId('gemini', bad), bad);
    assert.ok(unsafeModelId('openai-chat', bad), bad);
  }
  assert.ok(unsafeModelId('gemini', 'tuned/x'));
  assert.equal(unsafeModelId('openai-chat', 'deepseek/deepseek-chat'), undefined);
  assert.equal(unsafeModelId('gemini', 'gemini-2.5-pro'), undefined);
  assert.equal(unsafeModelId('openai-chat', 'gpt-4.1'), undefined);
});
