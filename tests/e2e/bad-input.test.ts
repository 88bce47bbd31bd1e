/**
 * Bad input gets the right status and a clear message in the client's own error shape,
 * reaches no upstream, and leaves the server serving.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: 'server:\n  bodyLimitBytes: 65536\n' });
});
after(() => h.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** A raw HTTP call, so the test controls the Host header and the exact bytes. */
function raw(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(path, h.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON: kept as text for the assertion message */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function assertStillServing(): Promise<void> {
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const r = await client.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'still there' }] });
  assert.equal(r.choices[0]?.message.content, 'Hello! You said: still there');
}

function openaiMessage(json: unknown): string {
  const e = (json as { error?: { message?: unknown; type?: unknown } }).error;
  assert.equal(typeof e?.message, 'string', `OpenAI error shape expected, got ${JSON.stringify(json)}`);
  return e!.message as string;
}

test('malformed JSON: 400 in each format, nothing sent upstream', async () => {
  const before = h.mock.requests.length;
  const chat = await raw('/v1/chat/completions', '{"model": "x", ');
  assert.equal(chat.status, 400);
  assert.match(openaiMessage(chat.json), /not valid JSON/);
  assert.ok(chat.headers['x-request-id'], 'every response has X-Request-Id');

  const anth = await raw('/v1/messages', '{oops');
  assert.equal(anth.status, 400);
  assert.deepEqual(Object.keys(anth.json as object).sort(), ['error', 'type']);
  assert.equal((anth.json as { error: { type: string } }).error.type, 'invalid_request_error');

  const gem = await raw(`/v1beta/models/${UPSTREAMS.gemini.model}:generateContent`, 'nope');
  assert.equal(gem.status, 400);
  assert.equal((gem.json as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');

  assert.equal(h.mock.requests.length, before);
  await assertStillServing();
});

test('wrong types: 400 naming the field', async () => {
  const before = h.mock.requests.length;
  const noModel = await raw('/v1/chat/completions', JSON.stringify({ messages: [] }));
  assert.equal(noModel.status, 400);
  assert.match(openaiMessage(noModel.json), /model/);

  // Translated path (OpenAI client -> Anthropic upstream): the codec validates.
  const badMessages = await raw('/v1/chat/completions', JSON.stringify({ model: UPSTREAMS.anthropic.model, messages: 'hello' }));
  assert.equal(badMessages.status, 400);
  assert.match(openaiMessage(badMessages.json), /messages/);

  const anthMissingMax = await raw('/v1/messages', JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] }));
  assert.equal(anthMissingMax.status, 400);
  assert.match((anthMissingMax.json as { error: { message: string } }).error.message, /max_tokens/);

  assert.equal(h.mock.requests.length, before);
  await assertStillServing();
});

test('unknown model: 404 with a hint', async () => {
  const r = await raw('/v1/chat/completions', JSON.stringify({ model: 'nobody/none', messages: [{ role: 'user', content: 'hi' }] }));
  assert.equal(r.status, 404);
  assert.match(openaiMessage(r.json), /not served by any configured provider.*\/v1\/models/);
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  await assert.rejects(client.chat.completions.create({ model: 'gpt-nothing', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.NotFoundError);
  await assertStillServing();
});

test('oversized body: 413', async () => {
  const big = JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'x'.repeat(70_000) }] });
  const r = await raw('/v1/chat/completions', big);
  assert.equal(r.status, 413);
  assert.match(openaiMessage(r.json), /larger than the gateway's limit of 65536 bytes/);
  await assertStillServing();
});

test('foreign Host header: 403 (DNS-rebinding defence)', async () => {
  const before = h.mock.requests.length;
  const r = await raw('/v1/chat/completions', JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] }), {
    host: 'evil.example:20128',
  });
  assert.equal(r.status, 403);
  assert.match(openaiMessage(r.json), /Host "evil.example:20128" is not allowed/);
  assert.equal(h.mock.requests.length, before);
  // The loopback names all pass.
  for (const host of ['localhost', '127.0.0.1:1234', '[::1]:20128']) {
    const ok = await raw('/v1/chat/completions', JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] }), { host });
    assert.equal(ok.status, 200, `Host ${host}`);
  }
});

test('no CORS: a cross-origin preflight gets no Access-Control-Allow-Origin', async () => {
  const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.notEqual(res.status, 204);
});

test('health, models and request ids', async () => {
  const health = await fetch(`${h.url}/health`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { status: string }).status, 'ok');
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  for (const u of Object.values(UPSTREAMS)) assert.ok(ids.includes(u.model), `/v1/models lists ${u.model}`);
  // Providers without a connection are not routable, so not listed.
  assert.ok(!ids.some((id) => id.startsWith('openai/')));
  const a = await fetch(`${h.url}/health`);
  assert.notEqual(a.headers.get('x-request-id'), health.headers.get('x-request-id'));
});
