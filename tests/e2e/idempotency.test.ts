/** Identical requests share one upstream call: concurrent duplicates and quick retries. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-a', ...headers },
    body: JSON.stringify(body),
  });
}

test('concurrent identical requests share one upstream call; each keeps its own request id', async () => {
  const { apiKey, model } = UPSTREAMS['openai-chat'];
  h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-first-byte', ms: 300 } });
  const before = h.mock.requests.length;
  const body = { model, messages: [{ role: 'user', content: 'dedupe me' }] };
  const answers = await Promise.all([post(body), post(body), post(body)]);
  assert.equal(h.mock.requests.length - before, 1, 'one upstream call');
  const texts = await Promise.all(answers.map(async (r) => ((await r.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content));
  assert.deepEqual(texts, Array(3).fill('Hello! You said: dedupe me'));
  const ids = new Set(answers.map((r) => r.headers.get('x-request-id')));
  assert.equal(ids.size, 3);
  assert.equal(answers.filter((r) => r.headers.get('x-omniroute-shared') === '1').length, 2);
});

test('a different body, a different client key or a stream is never shared', async () => {
  const { model } = UPSTREAMS['openai-chat'];
  const before = h.mock.requests.length;
  await post({ model, messages: [{ role: 'user', content: 'one' }] });
  await post({ model, messages: [{ role: 'user', content: 'two' }] });
  await post({ model, messages: [{ role: 'user', content: 'two' }] }, { authorization: 'Bearer client-b' });
  const s1 = await post({ model, stream: true, messages: [{ role: 'user', content: 'three' }] });
  await s1.text();
  const s2 = await post({ model, stream: true, messages: [{ role: 'user', content: 'three' }] });
  await s2.text();
  assert.equal(h.mock.requests.length - before, 5);
});

test('the same Idempotency-Key shares even when the bodies differ in bytes', async () => {
  const { model } = UPSTREAMS['openai-chat'];
  const before = h.mock.requests.length;
  const a = await post({ model, messages: [{ role: 'user', content: 'keyed' }] }, { 'idempotency-key': 'k-123' });
  const b = await post({ messages: [{ role: 'user', content: 'keyed' }], model }, { 'idempotency-key': 'k-123' });
  assert.equal(h.mock.requests.length - before, 1);
  assert.deepEqual(await b.json(), await a.json());
});

test('a failed answer is not replayed to a retry', async () => {
  const { apiKey, model } = UPSTREAMS['openai-chat'];
  h.mock.inject({ match: { apiKey }, fault: { kind: 'status', status: 400 } });
  const body = { model, messages: [{ role: 'user', content: 'retry me' }] };
  assert.equal((await post(body)).status, 400);
  assert.equal((await post(body)).status, 200);
});
