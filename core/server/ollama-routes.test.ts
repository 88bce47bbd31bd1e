import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatForPath, matchRoute } from './routes.js';

test("Ollama's chat and generate are chat routes in the ollama format, ahead of the control API", () => {
  assert.deepEqual(matchRoute('POST', '/api/chat'), { kind: 'chat', format: 'ollama', ollamaEndpoint: 'chat' });
  assert.deepEqual(matchRoute('POST', '/api/generate'), { kind: 'chat', format: 'ollama', ollamaEndpoint: 'generate' });
});

test("Ollama's model routes, and the wrong method on an Ollama path, answer in Ollama's shape", () => {
  assert.deepEqual(matchRoute('GET', '/api/tags'), { kind: 'ollama_models', action: 'tags' });
  assert.deepEqual(matchRoute('HEAD', '/api/tags'), { kind: 'ollama_models', action: 'tags' });
  assert.deepEqual(matchRoute('POST', '/api/show'), { kind: 'ollama_models', action: 'show' });
  assert.deepEqual(matchRoute('GET', '/api/version'), { kind: 'ollama_models', action: 'version' });
  assert.deepEqual(matchRoute('GET', '/api/chat'), { kind: 'not_found', format: 'ollama' });
  assert.deepEqual(matchRoute('POST', '/api/tags'), { kind: 'not_found', format: 'ollama' });
  for (const path of ['/api/chat', '/api/generate', '/api/tags', '/api/show', '/api/version']) assert.equal(formatForPath(path), 'ollama', path);
});

test('every other /api/ path is still the control API', () => {
  assert.deepEqual(matchRoute('POST', '/api/gateway.status'), { kind: 'control', method: 'gateway.status' });
  assert.deepEqual(matchRoute('POST', '/api/chat/x'), { kind: 'control', method: 'chat/x' });
  assert.deepEqual(matchRoute('POST', '/api/pull'), { kind: 'control', method: 'pull' });
  assert.deepEqual(matchRoute('GET', '/api/events'), { kind: 'control_events' });
  assert.equal(formatForPath('/api/gateway.status'), 'openai-chat');
  assert.equal(matchRoute('GET', '/').kind, 'static');
});
