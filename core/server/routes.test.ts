import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute } from './routes.js';

test('client endpoints map to their wire format', () => {
  assert.deepEqual(matchRoute('POST', '/v1/chat/completions'), { kind: 'chat', format: 'openai-chat' });
  assert.deepEqual(matchRoute('POST', '/v1/responses'), { kind: 'chat', format: 'openai-responses' });
  assert.deepEqual(matchRoute('POST', '/v1/messages'), { kind: 'chat', format: 'anthropic' });
  assert.deepEqual(matchRoute('POST', '/v1/messages/count_tokens'), { kind: 'count_tokens' });
});

test('Gemini paths carry the model (which may contain slashes) and the stream flag', () => {
  assert.deepEqual(matchRoute('POST', '/v1beta/models/gemini-2.5-pro:generateContent'), {
    kind: 'chat',
    format: 'gemini',
    pathModel: 'gemini-2.5-pro',
    pathStream: false,
  });
  assert.deepEqual(matchRoute('POST', '/v1beta/models/deepseek/deepseek-chat:streamGenerateContent'), {
    kind: 'chat',
    format: 'gemini',
    pathModel: 'deepseek/deepseek-chat',
    pathStream: true,
  });
  assert.equal(matchRoute('POST', '/v1beta/models/x:countTokens').kind, 'not_found');
});

test('reads, control and unknown paths', () => {
  assert.equal(matchRoute('GET', '/v1/models').kind, 'models');
  assert.equal(matchRoute('GET', '/health').kind, 'health');
  assert.deepEqual(matchRoute('POST', '/api/gateway.status'), { kind: 'control', method: 'gateway.status' });
  assert.deepEqual(matchRoute('GET', '/api/gateway.status'), { kind: 'control', method: 'gateway.status' });
  assert.deepEqual(matchRoute('GET', '/api/events'), { kind: 'control_events' });
  assert.equal(matchRoute('GET', '/').kind, 'static');
  assert.deepEqual(matchRoute('GET', '/v1/chat/completions'), { kind: 'not_found', format: 'openai-chat' });
  assert.deepEqual(matchRoute('DELETE', '/v1beta/models/x:generateContent'), { kind: 'not_found', format: 'gemini' });
});

test('a malformed escape in a Gemini path does not throw', () => {
  const route = matchRoute('POST', '/v1beta/models/up-gem/%:generateContent');
  assert.deepEqual(route, { kind: 'chat', format: 'gemini', pathModel: 'up-gem/%', pathStream: false });
});
