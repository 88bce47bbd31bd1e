// The mock's Gemini embedContent / batchEmbedContents, by the @google/genai SDK and fetch:
// the same text embeds to the same vector as on OpenAI /v1/embeddings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { mockEmbedding, startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let ai: GoogleGenAI;
const MODEL = 'gemini-embedding-001';

before(async () => {
  mock = await startMockUpstream();
  ai = new GoogleGenAI({ apiKey: 'g-key', httpOptions: { baseUrl: mock.url } });
});
after(() => mock.close());

async function post(action: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'g-key' }): Promise<Response> {
  return fetch(`${mock.url}/v1beta/models/${MODEL}:${action}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function rejected(action: string, body: unknown, message: RegExp): Promise<void> {
  const res = await post(action, body);
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { code: number; status: string; message: string } }).error;
  assert.equal(err.status, 'INVALID_ARGUMENT');
  assert.match(err.message, message);
}

test('embedContent matches the OpenAI vector for the same text; outputDimensionality sizes it', async () => {
  mock.reset();
  const res = await post('embedContent', { content: { parts: [{ text: 'hello world' }] }, taskType: 'RETRIEVAL_QUERY' });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { embedding: { values: mockEmbedding('hello world') } });
  const openai = (await (
    await fetch(`${mock.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello world' }),
    })
  ).json()) as { data: Array<{ embedding: number[] }> };
  assert.deepEqual(openai.data[0]?.embedding, mockEmbedding('hello world'));
  const sized = (await (await post('embedContent', { content: { parts: [{ text: 'x' }] }, output_dimensionality: 24 })).json()) as { embedding: { values: number[] } };
  assert.equal(sized.embedding.values.length, 24);
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'gemini-embed');
  assert.equal(rec?.model, MODEL);
  assert.equal(rec?.apiKey, 'g-key');
});

test('the SDK batches several texts through batchEmbedContents', async () => {
  mock.reset();
  const res = await ai.models.embedContent({ model: MODEL, contents: ['first text', 'second text'] });
  assert.deepEqual(res.embeddings?.map((e) => e.values), [mockEmbedding('first text'), mockEmbedding('second text')]);
  assert.match(mock.requests[0]?.path ?? '', /:batchEmbedContents$/);
});

test('strict rejections, with a batch request naming another model', async () => {
  const inner = (model: unknown): unknown => ({ requests: [{ model, content: { parts: [{ text: 'a' }] } }] });
  await rejected('batchEmbedContents', inner('models/text-embedding-004'), /requests\[0\]\.model: The model in each request must match the model specified in the URL \(models\/gemini-embedding-001\)/);
  await rejected('batchEmbedContents', inner(undefined), /^\* BatchEmbedContentsRequest\.requests\[0\]\.model: model is not specified/);
  await rejected('batchEmbedContents', inner(MODEL), /^\* BatchEmbedContentsRequest\.requests\[0\]\.model: unexpected model name format/);
  await rejected('batchEmbedContents', { requests: [] }, /requests is not specified/);
  await rejected('embedContent', {}, /^\* EmbedContentRequest\.content: content is not specified/);
  await rejected('embedContent', { content: { parts: [{}] } }, /parts\[0\]\.data: required oneof field 'data' must have one initialized field/);
  await rejected('embedContent', { content: { parts: [{ text: 'a' }] }, taskType: 'SEARCH' }, /^Invalid value at 'task_type' \(type\.googleapis\.com\/google\.ai\.generativelanguage\.v1beta\.TaskType\), "SEARCH"$/);
  await rejected('embedContent', { content: { parts: [{ text: 'a' }] }, dims: 3 }, /^Invalid JSON payload received\. Unknown name "dims": Cannot find field\.$/);
  const noKey = await post('embedContent', { content: { parts: [{ text: 'a' }] } }, {});
  assert.equal(noKey.status, 401);
  assert.equal(((await noKey.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
});

test('status faults answer in the Gemini shape', async () => {
  mock.inject({ match: { format: 'gemini-embed', model: MODEL }, fault: { kind: 'status', status: 429, retryAfter: '4' } });
  const res = await post('embedContent', { content: { parts: [{ text: 'a' }] } });
  assert.equal(res.status, 429);
  const err = ((await res.json()) as { error: { status: string; details: Array<{ retryDelay: string }> } }).error;
  assert.equal(err.status, 'RESOURCE_EXHAUSTED');
  assert.equal(err.details[0]?.retryDelay, '4s');
});
