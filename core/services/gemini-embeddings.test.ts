import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geminiEmbeddingCall, openAiEmbeddingList, type GeminiEmbeddingCall } from './gemini-embeddings.js';

function call(body: Record<string, unknown>): GeminiEmbeddingCall {
  const made = geminiEmbeddingCall(body, 'gemini-embedding-001');
  assert.ok(!('kind' in made), JSON.stringify(made));
  return made;
}

test('one text goes to embedContent, a list to batchEmbedContents with the model named per request', () => {
  const one = call({ model: 'gemini/gemini-embedding-001', input: 'hello there', dimensions: 256 });
  assert.equal(one.path, '/models/gemini-embedding-001:embedContent');
  assert.deepEqual(one.body, { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello there' }] }, outputDimensionality: 256 });
  assert.equal(one.count, 1);
  const many = call({ model: 'x', input: ['a', 'bb'] });
  assert.equal(many.path, '/models/gemini-embedding-001:batchEmbedContents');
  assert.deepEqual(many.body, {
    requests: [
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } },
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'bb' }] } },
    ],
  });
});

test('token ids and empty input cannot be carried, with a message that says what to send', () => {
  const tokens = geminiEmbeddingCall({ input: [1, 2, 3] }, 'm');
  assert.ok('kind' in tokens);
  assert.match(tokens.message, /token ids cannot be sent to a Gemini account/);
  const empty = geminiEmbeddingCall({ input: [] }, 'm');
  assert.ok('kind' in empty && empty.status === 400);
});

test("Gemini's vectors come back in OpenAI's list: floats, or little-endian float32 base64", () => {
  const answer = { embeddings: [{ values: [0.5, -1] }, { values: [0.25, 2] }] };
  const floats = openAiEmbeddingList(answer, call({ input: ['a', 'b'] }), 'asked/model');
  assert.deepEqual(floats, {
    object: 'list',
    data: [
      { object: 'embedding', index: 0, embedding: [0.5, -1] },
      { object: 'embedding', index: 1, embedding: [0.25, 2] },
    ],
    model: 'asked/model',
    usage: { prompt_tokens: 2, total_tokens: 2 },
  });
  const base64 = openAiEmbeddingList({ embedding: { values: [1, -2] } }, call({ input: 'abcd', encoding_format: 'base64' }), 'm');
  // 1.0f = 00 00 80 3f, -2.0f = 00 00 00 c0
  assert.equal((base64?.data as Array<{ embedding: string }>)[0]!.embedding, Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString('base64'));
  assert.equal(openAiEmbeddingList({ embeddings: [{ values: [1] }] }, call({ input: ['a', 'b'] }), 'm'), undefined, 'a vector missing');
  assert.equal(openAiEmbeddingList({ embeddings: [{ values: ['x'] }, { values: [1] }] }, call({ input: ['a', 'b'] }), 'm'), undefined);
});
