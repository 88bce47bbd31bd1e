// The mock's rerank endpoint (/v1/rerank, /v2/rerank): word overlap with the query, sorted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { relevance, startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;

before(async () => {
  mock = await startMockUpstream();
});
after(() => mock.close());

interface RerankAnswer {
  id: string;
  model: string;
  results: Array<{ index: number; relevance_score: number; document?: { text: string } }>;
  usage: { total_tokens: number };
  meta: { billed_units: { search_units: number } };
}

async function rerank(body: unknown, path = '/v1/rerank'): Promise<Response> {
  return fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-rr' }, body: JSON.stringify(body) });
}

async function rejected(body: unknown, message: RegExp): Promise<void> {
  const res = await rerank(body);
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { message: string; type: string } }).error;
  assert.match(err.message, message);
  assert.equal(err.type, 'invalid_request_error');
}

const documents = ['the cat sat on the mat', 'dogs chase cats', 'a cat and a dog', 'nothing relevant here'];

test('scores are query-word overlap, sorted descending, ties by index, cut to top_n', async () => {
  mock.reset();
  const res = await rerank({ model: 'rerank-v3.5', query: 'cat dog', documents, top_n: 3 });
  assert.equal(res.status, 200);
  const body = (await res.json()) as RerankAnswer;
  assert.deepEqual(
    body.results.map((r) => [r.index, r.relevance_score]),
    [
      [2, 1],
      [0, 0.5],
      [1, 0],
    ],
  );
  assert.equal(body.results[0]?.document, undefined);
  assert.equal(body.meta.billed_units.search_units, 1);
  assert.equal(body.usage.total_tokens, 2 + 6 + 3 + 5 + 3);
  assert.equal(relevance('cat dog', documents[0] ?? ''), 0.5);
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'rerank');
  assert.equal(rec?.model, 'rerank-v3.5');
  assert.deepEqual(rec?.usage, { input: 19, output: 0, cached: 0, reasoning: 0 });
});

test('object documents, return_documents, and the Cohere v2 path', async () => {
  const res = await rerank({ model: 'jina-reranker-v2', query: 'Dog', documents: documents.map((text) => ({ text })), return_documents: true }, '/v2/rerank');
  const body = (await res.json()) as RerankAnswer;
  assert.equal(body.results.length, 4);
  assert.deepEqual(body.results[0], { index: 2, relevance_score: 1, document: { text: 'a cat and a dog' } });
});

test('strict rejections', async () => {
  await rejected({ query: 'q', documents }, /^you must provide a model parameter$/);
  await rejected({ model: 'm', documents }, /^Missing required parameter: 'query'\.$/);
  await rejected({ model: 'm', query: 'q' }, /^Missing required parameter: 'documents'\.$/);
  await rejected({ model: 'm', query: 'q', documents: [] }, /^Invalid 'documents': empty array\./);
  await rejected({ model: 'm', query: '', documents }, /^Invalid 'query': empty string\./);
  await rejected({ model: 'm', query: 'q', documents: [{ title: 'x' }] }, /^Missing required parameter: 'documents\[0\]\.text'\.$/);
  await rejected({ model: 'm', query: 'q', documents, top_n: 0 }, /^Invalid 'top_n': integer below minimum value/);
  await rejected({ model: 'm', query: 'q', documents, extra: true }, /^Unrecognized request argument supplied: extra$/);
  const noKey = await fetch(`${mock.url}/v1/rerank`, { method: 'POST', body: JSON.stringify({ model: 'm', query: 'q', documents }) });
  assert.equal(noKey.status, 401);
});
