/** The dashboard's push channel when served headless: /api/events. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { SseParser } from '../../core/sse/parser.js';
import { logIn, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
let login: ManagementLogin;
before(async () => {
  h = await startHarness();
  login = await logIn(h.gateway.loginLink());
});
after(() => h.close());

test('a finished request is pushed to /api/events subscribers', async () => {
  const controller = new AbortController();
  const res = await fetch(`${h.url}/api/events`, { signal: controller.signal, headers: { cookie: login.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const parser = new SseParser();
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: UPSTREAMS.gemini.model, messages: [{ role: 'user', content: 'push' }] }).withResponse();
  const requestId = answer.response.headers.get('x-request-id');
  let event: { name: string; payload: Record<string, unknown> } | undefined;
  while (!event) {
    const { value, done } = await reader.read();
    assert.ok(!done, 'the stream stayed open');
    for (const m of parser.push(value)) event = JSON.parse(m.data) as typeof event;
  }
  controller.abort();
  assert.equal(event.name, 'request.finished');
  assert.equal(event.payload.requestId, requestId);
  assert.equal(event.payload.provider, 'up-gem');
  assert.equal(event.payload.status, 200);
});

test('a cross-origin page cannot subscribe', async () => {
  const res = await fetch(`${h.url}/api/events`, { headers: { origin: 'https://evil.example', cookie: login.cookie } });
  assert.equal(res.status, 403);
});

test('without a login the stream is refused, in the control API\'s shape', async () => {
  const res = await fetch(`${h.url}/api/events`);
  assert.equal(res.status, 401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'unauthenticated');
  assert.match(body.error.message, /login-link/);
});
