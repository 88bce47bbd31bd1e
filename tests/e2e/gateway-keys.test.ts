/**
 * Gateway API keys: each client presents its key the way its own API does, a wrong or
 * missing key is refused in that API's shape, and the key never travels upstream.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { createGateway, GatewayStartError } from '../../core/gateway.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const KEY = 'gw-secret-key-123';
let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: `server:\n  apiKeys: ["${KEY}"]\n` });
});
after(() => h.close());

test('OpenAI (Bearer), Anthropic (x-api-key) and Gemini (x-goog-api-key, ?key=) keys are accepted', async () => {
  const model = UPSTREAMS['openai-chat'].model;
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${h.url}/v1`, maxRetries: 0 });
  assert.equal((await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'a' }] })).choices[0]?.message.content, 'Hello! You said: a');
  const anthropic = new Anthropic({ apiKey: KEY, baseURL: h.url, maxRetries: 0 });
  const m = await anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'b' }] });
  assert.equal(m.content[0]?.type === 'text' ? m.content[0].text : '', 'Hello! You said: b');
  const genai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: h.url } });
  assert.equal((await genai.models.generateContent({ model, contents: 'c' })).text, 'Hello! You said: c');
  const viaQuery = await fetch(`${h.url}/v1beta/models/${model}:generateContent?key=${KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'd' }] }] }),
  });
  assert.equal(viaQuery.status, 200);
  for (const r of h.mock.requests) assert.ok(!JSON.stringify(r.headers).includes(KEY) && !r.path.includes(KEY), 'the gateway key went upstream');
});

test('a wrong key gets each SDK its typed authentication error, and nothing goes upstream', async () => {
  const before = h.mock.requests.length;
  const model = UPSTREAMS['openai-chat'].model;
  const openai = new OpenAI({ apiKey: 'wrong', baseURL: `${h.url}/v1`, maxRetries: 0 });
  await assert.rejects(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'a' }] }), OpenAI.AuthenticationError);
  await assert.rejects(openai.models.list(), OpenAI.AuthenticationError);
  const anthropic = new Anthropic({ apiKey: 'wrong', baseURL: h.url, maxRetries: 0 });
  await assert.rejects(anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'b' }] }), Anthropic.AuthenticationError);
  const genai = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: h.url } });
  await assert.rejects(genai.models.generateContent({ model, contents: 'c' }), (e: unknown) => e instanceof ApiError && e.status === 401);
  assert.equal(h.mock.requests.length, before);
  assert.equal((await fetch(`${h.url}/health`)).status, 200, 'health needs no key');
});

test('listening beyond loopback without gateway keys is refused at start', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-lan-'));
  try {
    await assert.rejects(createGateway({ dataDir, host: '0.0.0.0', port: 0 }), (e: unknown) => e instanceof GatewayStartError && /server\.apiKeys/.test(e.message));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('accepted requests carry their key label; a wrong key is not logged (it could flood the log)', async () => {
  const model = UPSTREAMS['openai-chat'].model;
  const refused = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-key' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'who am i' }] }),
  });
  assert.equal(refused.status, 401);
  const accepted = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'label me' }] }),
  });
  assert.equal(accepted.status, 200);
  await accepted.text();
  const rows = await h.gateway.store.requestLogs.recent(50);
  assert.equal(rows.find((r) => r.id === refused.headers.get('x-request-id')), undefined);
  const acceptedRow = rows.find((r) => r.id === accepted.headers.get('x-request-id'));
  assert.equal(acceptedRow?.status, 200);
  assert.equal(acceptedRow?.keyLabel, 'key-1');
});
