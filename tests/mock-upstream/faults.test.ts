// Injected faults as the official SDKs experience them, plus abort detection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;
const chat = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
const message = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

before(async () => {
  mock = await startMockUpstream();
  openai = new OpenAI({ apiKey: 'sk-a', baseURL: `${mock.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant', baseURL: mock.url, maxRetries: 0 });
  gemini = new GoogleGenAI({ apiKey: 'g-key', httpOptions: { baseUrl: mock.url } });
});
after(() => mock.close());

test('429 with Retry-After surfaces as each SDK\'s rate-limit error, in the provider\'s body shape', async () => {
  mock.reset();
  mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'status', status: 429, retryAfter: '7' } });
  await assert.rejects(openai.chat.completions.create(chat), (err: unknown) => {
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.headers.get('retry-after'), '7');
    assert.equal(err.code, 'rate_limit_exceeded');
    return true;
  });
  mock.inject({ match: { format: 'anthropic' }, fault: { kind: 'status', status: 429, retryAfter: '3' } });
  await assert.rejects(anthropic.messages.create(message), (err: unknown) => {
    assert.ok(err instanceof Anthropic.RateLimitError);
    assert.equal(err.headers?.get('retry-after'), '3');
    assert.equal((err.error as { error: { type: string } }).error.type, 'rate_limit_error');
    return true;
  });
  mock.inject({ match: { format: 'gemini' }, fault: { kind: 'status', status: 429, retryAfter: '9' } });
  await assert.rejects(gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 429);
    assert.match(err.message, /RESOURCE_EXHAUSTED/);
    assert.match(err.message, /"retryDelay":"9s"/);
    return true;
  });
  assert.deepEqual(
    mock.requests.map((r) => [r.format, r.status]),
    [
      ['openai-chat', 429],
      ['anthropic', 429],
      ['gemini', 429],
    ],
  );
  // The fault was used up: the next request is answered normally.
  assert.equal((await openai.chat.completions.create(chat)).choices[0]?.message.content, 'Hello! You said: hi');
});

test('rules match on format, model and key, apply `times` times, in queue order', async () => {
  mock.reset();
  mock.inject({ match: { apiKey: 'sk-other' }, fault: { kind: 'status', status: 401 } });
  mock.inject({ match: { model: 'gpt-4o' }, times: 2, fault: { kind: 'status', status: 500 } });
  mock.inject({ match: { model: 'gpt-4o' }, fault: { kind: 'status', status: 503, body: { error: { message: 'custom', type: 'x' } } } });
  await assert.rejects(openai.chat.completions.create(chat), OpenAI.InternalServerError);
  await assert.rejects(openai.chat.completions.create(chat), OpenAI.InternalServerError);
  await assert.rejects(openai.chat.completions.create(chat), (err: unknown) => err instanceof OpenAI.APIError && err.status === 503 && /custom/.test(err.message));
  assert.equal((await openai.chat.completions.create({ ...chat, model: 'gpt-4o-mini' })).choices[0]?.message.content, 'Hello! You said: hi');
  const other = new OpenAI({ apiKey: 'sk-other', baseURL: `${mock.url}/v1`, maxRetries: 0 });
  await assert.rejects(other.chat.completions.create({ ...chat, model: 'gpt-4o-mini' }), OpenAI.AuthenticationError);
  assert.equal((await openai.chat.completions.create(chat)).choices[0]?.finish_reason, 'stop');

  mock.inject({ match: { model: 'x' }, fault: { kind: 'status', status: 500 } });
  mock.reset();
  assert.equal(mock.requests.length, 0);
  assert.equal((await openai.chat.completions.create({ ...chat, model: 'x' })).choices[0]?.finish_reason, 'stop');
});

test('Anthropic 529 is overloaded_error', async () => {
  mock.inject({ fault: { kind: 'status', status: 529 } });
  await assert.rejects(anthropic.messages.create(message), (err: unknown) => {
    assert.ok(err instanceof Anthropic.APIError);
    assert.equal(err.status, 529);
    assert.equal((err.error as { error: { type: string } }).error.type, 'overloaded_error');
    return true;
  });
});

test('drop-before-headers is a connection error with no status', async () => {
  mock.reset();
  mock.inject({ fault: { kind: 'drop-before-headers' } });
  await assert.rejects(openai.chat.completions.create(chat), OpenAI.APIConnectionError);
  const rec = mock.requests[0];
  assert.ok(rec);
  await rec.done;
  assert.equal(rec.status, 0);
  assert.equal(rec.aborted, false);
});

test('drop-mid-stream makes every SDK throw after the first events', async () => {
  mock.reset();
  mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'drop-mid-stream', afterEvents: 2 } });
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const c of await openai.chat.completions.create({ ...chat, stream: true })) seen.push(c.choices[0]?.delta.content ?? '');
  });
  assert.equal(seen.length, 2);

  mock.inject({ match: { format: 'anthropic' }, fault: { kind: 'drop-mid-stream', afterEvents: 3 } });
  await assert.rejects(anthropic.messages.stream(message).finalMessage());

  mock.inject({ match: { format: 'gemini' }, fault: { kind: 'drop-mid-stream', afterEvents: 1 } });
  await assert.rejects(async () => {
    for await (const _c of await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) {
      // drain
    }
  });

  mock.inject({ match: { format: 'openai-responses' }, fault: { kind: 'drop-mid-stream', afterEvents: 4 } });
  await assert.rejects(openai.responses.stream({ model: 'gpt-5', input: 'hi' }).finalResponse());

  // A non-streamed body is cut in half.
  mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'drop-mid-stream', afterEvents: 0 } });
  await assert.rejects(openai.chat.completions.create(chat));

  await Promise.all(mock.requests.map((r) => r.done));
  assert.deepEqual(
    mock.requests.map((r) => [r.status, r.aborted]),
    [
      [200, false],
      [200, false],
      [200, false],
      [200, false],
      [200, false],
    ],
  );
});

test('slow-first-byte delays the response', async () => {
  mock.inject({ fault: { kind: 'slow-first-byte', ms: 300 } });
  const started = Date.now();
  const res = await anthropic.messages.create(message);
  assert.ok(Date.now() - started >= 290, `answered after ${Date.now() - started}ms`);
  assert.equal(res.stop_reason, 'end_turn');
});

test('a client that disconnects mid-stream is recorded as aborted, promptly', async () => {
  mock.reset();
  mock.inject({ fault: { kind: 'slow-stream', delayMs: 100, extraTextEvents: 30 } });
  const stream = await openai.chat.completions.create({ ...chat, stream: true });
  let n = 0;
  for await (const _c of stream) {
    n += 1;
    if (n === 3) break; // leaving the loop aborts the request
  }
  const rec = mock.requests[0];
  assert.ok(rec);
  const abortedAt = Date.now();
  await rec.done;
  assert.ok(Date.now() - abortedAt < 1000, 'the mock noticed the disconnect promptly');
  assert.equal(rec.aborted, true);
  assert.equal(rec.usage?.output, 4 + 30);

  // Disconnecting while the mock holds back the first byte is an abort too.
  mock.inject({ fault: { kind: 'slow-first-byte', ms: 2000 } });
  const controller = new AbortController();
  const pending = openai.chat.completions.create(chat, { signal: controller.signal });
  while (mock.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  await assert.rejects(pending, OpenAI.APIUserAbortError);
  const early = mock.requests[1];
  await early?.done;
  assert.equal(early?.aborted, true);
  assert.equal(early?.status, 0);

  // An unfaulted, fully read response is not an abort.
  await openai.chat.completions.create(chat);
  const done = mock.requests[2];
  await done?.done;
  assert.equal(done?.aborted, false);
});

test('slow-stream paces events', async () => {
  mock.inject({ match: { format: 'anthropic' }, fault: { kind: 'slow-stream', delayMs: 40 } });
  const started = Date.now();
  const final = await anthropic.messages.stream(message).finalMessage();
  // 9 frames after the first, 40ms apart.
  assert.ok(Date.now() - started >= 9 * 40 - 20, `took ${Date.now() - started}ms`);
  assert.equal(final.stop_reason, 'end_turn');
});
