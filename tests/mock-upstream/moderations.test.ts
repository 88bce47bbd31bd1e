// The mock's OpenAI /v1/moderations: "kill" is flagged as violence, nothing else is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-mod', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

async function rejected(body: unknown, message: RegExp): Promise<void> {
  const res = await fetch(`${mock.url}/v1/moderations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-mod' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, message);
}

test('one result per string; the word "kill" flags violence', async () => {
  mock.reset();
  const res = await client.moderations.create({ input: ['I will KILL this process', 'a kind word', 'skills'] });
  assert.match(res.id, /^modr-/);
  assert.equal(res.model, 'omni-moderation-latest');
  assert.deepEqual(res.results.map((r) => r.flagged), [true, false, false]);
  const flagged = res.results[0];
  assert.equal(flagged?.categories.violence, true);
  assert.equal(flagged?.categories.harassment, false);
  assert.equal(flagged?.category_scores.violence, 0.9);
  assert.equal(flagged?.category_scores.hate, 0.0001);
  assert.deepEqual(flagged?.category_applied_input_types.violence, ['text']);
  assert.equal(Object.keys(flagged?.categories ?? {}).length, 13);
  assert.equal(mock.requests[0]?.format, 'openai-moderations');
});

test('content parts give one result; images count for the image categories', async () => {
  const res = await client.moderations.create({
    model: 'omni-moderation-latest',
    input: [
      { type: 'text', text: 'kill the lights' },
      { type: 'image_url', image_url: { url: 'https://example.invalid/a.png' } },
    ],
  });
  assert.equal(res.results.length, 1);
  assert.equal(res.results[0]?.flagged, true);
  assert.deepEqual(res.results[0]?.category_applied_input_types.violence, ['text', 'image']);
  assert.deepEqual(res.results[0]?.category_applied_input_types.hate, ['text']);
});

test('strict rejections', async () => {
  await rejected({}, /^Missing required parameter: 'input'\.$/);
  await rejected({ input: [] }, /^Invalid 'input': empty array\./);
  await rejected({ input: 5 }, /^Invalid type for 'input'/);
  await rejected({ input: [{ type: 'audio' }] }, /^Invalid value: 'audio'\. Supported values are: 'text', and 'image_url'\.$/);
  await rejected({ input: [{ type: 'image_url', image_url: { url: 'u' } }], model: 'text-moderation-latest' }, /does not support image inputs/);
  await rejected({ input: 'x', threshold: 1 }, /^Unrecognized request argument supplied: threshold$/);
});
