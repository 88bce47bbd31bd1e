// The mock's OpenAI /v1/images/generations, through the openai SDK and plain fetch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMockUpstream, TINY_PNG_BASE64, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-img', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

async function rejected(body: unknown, message: RegExp): Promise<{ param: unknown; code: unknown }> {
  const res = await fetch(`${mock.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-img' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { message: string; type: string; param: unknown; code: unknown } }).error;
  assert.match(err.message, message);
  assert.equal(err.type, 'invalid_request_error');
  return err;
}

test('gpt-image-1 answers a valid PNG in base64 with token usage', async () => {
  mock.reset();
  const res = await client.images.generate({ model: 'gpt-image-1', prompt: 'a small red fox', n: 2, quality: 'low' });
  assert.equal(res.data?.length, 2);
  const png = Buffer.from(res.data?.[0]?.b64_json ?? '', 'base64');
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(res.data?.[0]?.b64_json, TINY_PNG_BASE64);
  // 4 prompt words; low quality at 1024x1024 bills 272 per image.
  assert.deepEqual(res.usage, { input_tokens: 4, input_tokens_details: { image_tokens: 0, text_tokens: 4 }, output_tokens: 544, total_tokens: 548 });
  assert.equal(res.size, '1024x1024');
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'openai-images');
  assert.equal(rec?.model, 'gpt-image-1');
  assert.deepEqual(rec?.usage, { input: 4, output: 544, cached: 0, reasoning: 0 });
});

test('dall-e answers URLs by default, which the mock serves as the PNG', async () => {
  const res = await client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1792x1024' });
  const item = res.data?.[0];
  assert.equal(item?.revised_prompt, 'a lighthouse');
  assert.match(item?.url ?? '', new RegExp(`^${mock.url}/mock-images/img-\\w+\\.png$`));
  const image = await fetch(item?.url ?? '');
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await image.arrayBuffer()), Buffer.from(TINY_PNG_BASE64, 'base64'));
  assert.equal(res.usage, undefined);
  const b64 = await client.images.generate({ prompt: 'x', response_format: 'b64_json', n: 3, size: '256x256' });
  assert.equal(b64.data?.length, 3);
  assert.equal(b64.data?.[2]?.b64_json, TINY_PNG_BASE64);
});

test('strict rejections per model', async () => {
  await rejected({ model: 'dall-e-2' }, /^Missing required parameter: 'prompt'\.$/);
  const empty = await rejected({ prompt: '' }, /^Invalid 'prompt': empty string\./);
  assert.equal(empty.code, 'empty_string');
  await rejected({ prompt: 'x'.repeat(1001) }, /^Invalid 'prompt': string too long\. Expected a string with maximum length 1000, but got a string with length 1001 instead\.$/);
  await rejected({ prompt: 'x', n: 11 }, /^Invalid 'n': integer above maximum value\. Expected a value <= 10, but got 11 instead\.$/);
  await rejected({ model: 'dall-e-3', prompt: 'x', n: 2 }, /Expected a value <= 1, but got 2/);
  const size = await rejected({ model: 'dall-e-2', prompt: 'x', size: '1792x1024' }, /^Invalid value: '1792x1024'\. Supported values are: '256x256', '512x512', and '1024x1024'\.$/);
  assert.equal(size.param, 'size');
  const unknown = await rejected({ model: 'gpt-image-1', prompt: 'x', response_format: 'url' }, /^Unknown parameter: 'response_format'\.$/);
  assert.equal(unknown.code, 'unknown_parameter');
  await rejected({ model: 'dall-e-3', prompt: 'x', quality: 'low' }, /^Invalid value: 'low'\. Supported values are: 'standard', and 'hd'\.$/);
  await rejected({ prompt: 'x', response_format: 'png' }, /^Invalid value: 'png'\./);
  await rejected({ prompt: 'x', n: '2' }, /^Invalid type for 'n': expected an integer, but got a string instead\.$/);
  await rejected({ prompt: 'x', colour: 'red' }, /^Unrecognized request argument supplied: colour$/);
});

test('status faults use the OpenAI shape', async () => {
  mock.inject({ match: { format: 'openai-images' }, fault: { kind: 'status', status: 503 } });
  await assert.rejects(client.images.generate({ prompt: 'x' }), (err: unknown) => err instanceof OpenAI.APIError && err.status === 503);
});
