/**
 * Requests that carry the same Idempotency-Key and body share one upstream call: concurrent
 * retries and quick ones. Without the header nothing is shared (sampled answers differ on
 * purpose); the same key with another body is refused, as APIs with idempotency keys do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { manualClock } from './routing-fixtures.js';

const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({ gateway: { clock: clock.now } });
});
after(() => h.close());

const { apiKey, model } = UPSTREAMS['openai-chat'];

function post(body: unknown, headers: Record<string, string> = {}, path = '/v1/chat/completions') {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-a', ...headers },
    body: JSON.stringify(body),
  });
}

async function textOf(res: Response): Promise<string> {
  const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]!.message.content;
}

test('without an Idempotency-Key, identical concurrent requests are separate generations', async () => {
  h.mock.inject({ match: { apiKey }, times: 3, fault: { kind: 'slow-first-byte', ms: 200 } });
  const before = h.mock.requests.length;
  const body = { model, messages: [{ role: 'user', content: 'sample me' }] };
  const answers = await Promise.all([post(body), post(body), post(body)]);
  assert.equal(h.mock.requests.length - before, 3, 'one upstream call each');
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200]);
  assert.equal(answers.filter((r) => r.headers.get('x-omniroute-shared') !== null).length, 0);
  // A quick identical retry is a "regenerate": it is sent again as well.
  await post(body);
  assert.equal(h.mock.requests.length - before, 4);
});

test('the same Idempotency-Key and body: concurrent retries share one upstream call; each keeps its own request id', async () => {
  h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-first-byte', ms: 300 } });
  const before = h.mock.requests.length;
  const body = { model, messages: [{ role: 'user', content: 'dedupe me' }] };
  const key = { 'idempotency-key': 'k-concurrent' };
  const answers = await Promise.all([post(body, key), post(body, key), post(body, key)]);
  assert.equal(h.mock.requests.length - before, 1, 'one upstream call');
  assert.deepEqual(await Promise.all(answers.map(textOf)), Array(3).fill('Hello! You said: dedupe me'));
  const ids = new Set(answers.map((r) => r.headers.get('x-request-id')));
  assert.equal(ids.size, 3);
  assert.equal(answers.filter((r) => r.headers.get('x-omniroute-shared') === '1').length, 2);

  // A retry within the window gets the same answer again, without an upstream call.
  const retry = await post(body, key);
  assert.equal(retry.headers.get('x-omniroute-shared'), '1');
  assert.equal(await textOf(retry), 'Hello! You said: dedupe me');
  assert.equal(h.mock.requests.length - before, 1);
});

test('the same request serialised differently (key order) under the same key is still the same request', async () => {
  const before = h.mock.requests.length;
  const a = await post({ model, messages: [{ role: 'user', content: 'keyed' }] }, { 'idempotency-key': 'k-123' });
  const b = await post({ messages: [{ content: 'keyed', role: 'user' }], model }, { 'idempotency-key': 'k-123' });
  assert.equal(h.mock.requests.length - before, 1);
  assert.deepEqual(await b.json(), await a.json());
});

test('the same key with a different body is a 422 in the client format; after the window the key is free again', async () => {
  const key = { 'idempotency-key': 'k-reused' };
  const first = await post({ model, messages: [{ role: 'user', content: 'first' }] }, key);
  assert.equal(first.status, 200);
  const anthropicBody = { model: UPSTREAMS.anthropic.model, max_tokens: 16, messages: [{ role: 'user', content: 'one' }] };
  const anthKey = { 'idempotency-key': 'k-anth', 'anthropic-version': '2023-06-01' };
  assert.equal((await post(anthropicBody, anthKey, '/v1/messages')).status, 200);
  const before = h.mock.requests.length;

  const client = new OpenAI({ apiKey: 'client-a', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const err = await client.chat.completions
    .create({ model, messages: [{ role: 'user', content: 'second' }] }, { headers: key })
    .catch((e: unknown) => e);
  assert.ok(err instanceof OpenAI.UnprocessableEntityError, `expected a 422, got ${String(err)}`);
  assert.match(err.message, /Idempotency-Key "k-reused" was already used for a request with a different body/);

  // The same refusal in Anthropic's shape for an Anthropic client.
  const refused = await post({ ...anthropicBody, max_tokens: 32 }, anthKey, '/v1/messages');
  assert.equal(refused.status, 422);
  const shape = (await refused.json()) as { type?: string; error?: { type?: string } };
  assert.deepEqual([shape.type, shape.error?.type], ['error', 'invalid_request_error']);
  assert.equal(h.mock.requests.length - before, 0, 'a refused reuse reaches no upstream');

  clock.advance(3_001);
  const later = await post({ model, messages: [{ role: 'user', content: 'second' }] }, key);
  assert.equal(later.status, 200);
  assert.equal(await textOf(later), 'Hello! You said: second');
});

test('a different client key or a stream is never shared, even with the same Idempotency-Key', async () => {
  const before = h.mock.requests.length;
  const key = { 'idempotency-key': 'k-scope' };
  const body = { model, messages: [{ role: 'user', content: 'scoped' }] };
  await post(body, key);
  await post(body, { ...key, authorization: 'Bearer client-b' });
  const s1 = await post({ ...body, stream: true }, { 'idempotency-key': 'k-stream' });
  await s1.text();
  const s2 = await post({ ...body, stream: true }, { 'idempotency-key': 'k-stream' });
  await s2.text();
  assert.equal(h.mock.requests.length - before, 4);
});

test('a failed answer is not replayed to a retry with the same key', async () => {
  h.mock.inject({ match: { apiKey }, fault: { kind: 'status', status: 400 } });
  const body = { model, messages: [{ role: 'user', content: 'retry me' }] };
  const key = { 'idempotency-key': 'k-failed' };
  assert.equal((await post(body, key)).status, 400);
  assert.equal((await post(body, key)).status, 200);
});
