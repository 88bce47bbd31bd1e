// The mock's OpenAI /v1/embeddings, through the official openai SDK (which asks for base64 by
// default and decodes it) and plain fetch, plus fault injection on it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { mockEmbedding, startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-emb', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

async function post(body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-emb' }): Promise<Response> {
  return fetch(`${mock.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function rejected(body: unknown, message: RegExp, status = 400): Promise<{ message: string; type: string; param: unknown; code: unknown }> {
  const res = await post(body);
  assert.equal(res.status, status);
  const err = ((await res.json()) as { error: { message: string; type: string; param: unknown; code: unknown } }).error;
  assert.match(err.message, message);
  assert.equal(err.type, 'invalid_request_error');
  return err;
}

test('the SDK default (base64) decodes to exactly the float vector the mock documents', async () => {
  mock.reset();
  const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'second input here'] });
  assert.equal(res.object, 'list');
  assert.equal(res.model, 'text-embedding-3-small');
  assert.deepEqual(res.data.map((d) => d.index), [0, 1]);
  assert.deepEqual(res.data[0]?.embedding, mockEmbedding('hello world'));
  assert.deepEqual(res.data[1]?.embedding, mockEmbedding('second input here'));
  assert.deepEqual(res.usage, { prompt_tokens: 5, total_tokens: 5 });
  const rec = mock.requests[0];
  assert.ok(rec);
  assert.equal(rec.format, 'openai-embeddings');
  assert.equal(rec.model, 'text-embedding-3-small');
  assert.equal(rec.apiKey, 'sk-emb');
  assert.equal(rec.status, 200);
  assert.deepEqual(rec.usage, { input: 5, output: 0, cached: 0, reasoning: 0 });
  assert.equal((rec.body as { encoding_format: string }).encoding_format, 'base64');
});

test('float format, dimensions and token-id inputs', async () => {
  const float = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'one', encoding_format: 'float', dimensions: 20 });
  assert.equal(float.data[0]?.embedding.length, 20);
  assert.deepEqual(float.data[0]?.embedding, mockEmbedding('one', 20));
  // Same text, shorter vector: the first values agree (one hash stream).
  assert.deepEqual(mockEmbedding('one', 20).slice(0, 8), mockEmbedding('one'));
  const raw = (await (await post({ model: 'm', input: [[1, 2, 3], [4]], encoding_format: 'base64' })).json()) as {
    data: Array<{ embedding: string }>;
    usage: { prompt_tokens: number };
  };
  assert.equal(typeof raw.data[0]?.embedding, 'string');
  const decoded = new Float32Array(Uint8Array.from(Buffer.from(raw.data[0]?.embedding ?? '', 'base64')).buffer);
  assert.deepEqual(Array.from(decoded), mockEmbedding('1 2 3'));
  assert.equal(raw.usage.prompt_tokens, 4);
});

test('strict rejections in OpenAI wording', async () => {
  await rejected({ input: 'x' }, /^you must provide a model parameter$/);
  const missing = await rejected({ model: 'm' }, /^Missing required parameter: 'input'\.$/);
  assert.equal(missing.param, 'input');
  await rejected({ model: 'm', input: '' }, /^'\$\.input' is invalid\. Please check the API reference/);
  await rejected({ model: 'm', input: [] }, /'\$\.input' is invalid/);
  await rejected({ model: 'm', input: ['ok', ''] }, /'\$\.input' is invalid/);
  await rejected({ model: 'm', input: [{ text: 'x' }] }, /'\$\.input' is invalid/);
  await rejected({ model: 'm', input: Array.from({ length: 2049 }, () => 'a') }, /'\$\.input' is invalid/);
  const format = await rejected({ model: 'm', input: 'x', encoding_format: 'int8' }, /^Invalid value: 'int8'\. Supported values are: 'float', and 'base64'\.$/);
  assert.equal(format.code, 'invalid_value');
  const dims = await rejected({ model: 'm', input: 'x', dimensions: 0 }, /^Invalid 'dimensions': integer below minimum value/);
  assert.equal(dims.code, 'integer_below_min_value');
  await rejected({ model: 'm', input: 'x', dimensions: 1.5 }, /^Invalid type for 'dimensions': expected an integer, but got a decimal instead\.$/);
  await rejected({ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, /^This model does not support specifying dimensions\.$/);
  await rejected({ model: 'm', input: 'x', extra: 1 }, /^Unrecognized request argument supplied: extra$/);
  const bad = await fetch(`${mock.url}/v1/embeddings`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{nope' });
  assert.equal(bad.status, 400);
  const noKey = await post({ model: 'm', input: 'x' }, {});
  assert.equal(noKey.status, 401);
  assert.match(((await noKey.json()) as { error: { message: string } }).error.message, /You didn't provide an API key/);
});

test('faults apply as for chat: status by model, drop before headers, slow first byte', async () => {
  mock.reset();
  mock.inject({ match: { model: 'text-embedding-3-small' }, fault: { kind: 'status', status: 429, retryAfter: '2' } });
  await assert.rejects(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }), (err: unknown) => {
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.headers.get('retry-after'), '2');
    assert.match(err.message, /Rate limit reached for text-embedding-3-small/);
    return true;
  });
  // A rule for chat does not hit embeddings.
  mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'status', status: 500 } });
  assert.equal((await client.embeddings.create({ model: 'm', input: 'x' })).data.length, 1);
  mock.reset();
  mock.inject({ match: { format: 'openai-embeddings' }, fault: { kind: 'drop-before-headers' } });
  await assert.rejects(client.embeddings.create({ model: 'm', input: 'x' }), OpenAI.APIConnectionError);
  mock.inject({ fault: { kind: 'slow-first-byte', ms: 250 } });
  const started = Date.now();
  await client.embeddings.create({ model: 'm', input: 'x' });
  assert.ok(Date.now() - started >= 240);
  await Promise.all(mock.requests.map((r) => r.done));
  assert.deepEqual(
    mock.requests.map((r) => r.status),
    [0, 200],
  );
});
