import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardedHeaders } from './forwarded-headers.js';

const CLIENT = {
  'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27',
  'anthropic-version': '2023-06-01',
  'openai-beta': 'responses=experimental',
  authorization: 'Bearer gateway-key',
  'x-api-key': 'gateway-key',
  'x-goog-api-key': 'gateway-key',
  cookie: 'session=1',
  connection: 'keep-alive',
  'transfer-encoding': 'chunked',
  host: '127.0.0.1:1',
  'x-omniroute-whatever': '1',
};

test('same format: only the allowlisted headers of that format pass', () => {
  assert.deepEqual(forwardedHeaders({ clientFormat: 'anthropic', upstreamFormat: 'anthropic', headers: CLIENT }), {
    'anthropic-beta': CLIENT['anthropic-beta'],
    'anthropic-version': '2023-06-01',
  });
  assert.deepEqual(forwardedHeaders({ clientFormat: 'openai-responses', upstreamFormat: 'openai-responses', headers: CLIENT }), {
    'openai-beta': 'responses=experimental',
  });
  assert.deepEqual(forwardedHeaders({ clientFormat: 'gemini', upstreamFormat: 'gemini', headers: CLIENT }), {});
});

test('translated: nothing passes, not even a header both formats know', () => {
  assert.deepEqual(forwardedHeaders({ clientFormat: 'anthropic', upstreamFormat: 'openai-chat', headers: CLIENT }), {});
  assert.deepEqual(forwardedHeaders({ clientFormat: 'openai-chat', upstreamFormat: 'openai-responses', headers: CLIENT }), {});
});
