import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';

const ctx = { requestId: 'r1', now: 0 };

test('request: an SDK-typed body survives decode + encode unchanged apart from model and stream_options', () => {
  const body: ChatCompletionCreateParamsStreaming = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'high' } }] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{ "q" : "x" }' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'found' },
      { role: 'assistant', content: 'It is found.' },
      { role: 'user', content: 'Thanks' },
    ],
    tools: [{ type: 'function', function: { name: 'lookup', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false } }],
    tool_choice: { type: 'function', function: { name: 'lookup' } },
    parallel_tool_calls: true,
    max_tokens: 300,
    temperature: 0.5,
    top_p: 1,
    stop: ['###'],
    seed: 3,
    presence_penalty: 0,
    frequency_penalty: 0.1,
    response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    reasoning_effort: 'low',
    stream: true,
    stream_options: { include_usage: false },
    user: 'u1',
  };
  const decoded = decodeRequest(body, ctx);
  assert.ok(decoded.ok);
  const encoded = encodeRequest(decoded.value, { ...ctx, model: 'provider-model' });
  assert.deepEqual(encoded, { ...body, model: 'provider-model', stream_options: { include_usage: true } });
});

test('request: non-streaming requests never carry stream_options', () => {
  const decoded = decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } }, ctx);
  assert.ok(decoded.ok);
  assert.equal(decoded.value.includeUsage, true);
  const encoded = encodeRequest(decoded.value, { ...ctx, model: 'm' });
  assert.equal(encoded.stream, false);
  assert.equal('stream_options' in encoded, false);
});
