import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, cutUtf8, isSensitiveKey, redactCapped, redactSecrets, redactText } from './redact.js';

const SECRET = 'sk-live-0123456789abcdef';

test('credential keys are recognised in every spelling, ordinary keys are not', () => {
  for (const k of ['authorization', 'Authorization', 'x-api-key', 'x-goog-api-key', 'api_key', 'apiKey', 'key', 'token', 'access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'secret', 'auth_token', 'session_token', 'x-auth-token', 'private_key', 'cookie', 'Set-Cookie', 'openai_api_key', 'bearer', 'secret_access_key', 'aws_secret_key']) {
    assert.ok(isSensitiveKey(k), k);
  }
  for (const k of ['max_tokens', 'input_tokens', 'reasoning_tokens', 'cached_tokens', 'model', 'prompt_cache_key', 'idempotency_key', 'keys', 'content']) {
    assert.ok(!isSensitiveKey(k), k);
  }
});

test('JSON values of credential keys are replaced at any depth and of any type', () => {
  const body = JSON.stringify({ model: 'm', api_key: 'abc', nested: [{ password: 'p', ok: 'stay' }], secret: { a: 1 }, token: null });
  const out = JSON.parse(redactText(body, [])) as Record<string, unknown>;
  assert.deepEqual(out, { model: 'm', api_key: REDACTED, nested: [{ password: REDACTED, ok: 'stay' }], secret: REDACTED, token: null });
});

test('a body with nothing to hide keeps its exact bytes', () => {
  const body = '{ "model" : "m",\n  "messages": [] }';
  assert.equal(redactText(body, [SECRET]), body);
});

test('SSE data lines, JSON cut short and JSON nested in a string are redacted too', () => {
  const sse = `event: x\ndata: {"type":"t","apiKey":"abc"}\n\ndata: {"delta":"hi"}\n\n`;
  const out = redactText(sse, []);
  assert.ok(!out.includes('abc'), out);
  assert.ok(out.includes('"delta":"hi"'));
  const cut = '{"model":"m","access_token":"abcdef';
  assert.equal(redactText(cut, []), `{"model":"m","access_token":"${REDACTED}"`);
  const nested = JSON.stringify({ arguments: JSON.stringify({ city: 'Paris', api_key: 'zzz-hidden' }) });
  const redacted = redactText(nested, []);
  assert.ok(!redacted.includes('zzz-hidden'), redacted);
  assert.ok(redacted.includes('Paris'));
});

test('known secrets are replaced anywhere, also inside strings and escaped', () => {
  const text = `Incorrect API key provided: ${SECRET}. You said: "${SECRET}"`;
  assert.equal(redactSecrets(text, [SECRET]), `Incorrect API key provided: ${REDACTED}. You said: "${REDACTED}"`);
  const quoted = 'k"q\\x';
  assert.equal(redactSecrets(JSON.stringify({ a: quoted }), [quoted]), `{"a":"${REDACTED}"}`);
  assert.equal(redactSecrets('abc', ['']), 'abc');
});

test('a secret split across two chunks is still replaced', () => {
  const half = SECRET.length / 2;
  const chunks = [Buffer.from(`data: {"text":"key ${SECRET.slice(0, half)}`), Buffer.from(`${SECRET.slice(half)} end"}\n\n`)];
  const { body, truncated } = redactCapped({ chunks, more: false, limitBytes: 10_000, secrets: [SECRET] });
  assert.equal(truncated, false);
  assert.ok(!body.includes(SECRET.slice(0, 6)), body);
  assert.ok(body.includes(`key ${REDACTED} end`), body);
});

test('a secret cut by the capture cap leaves no start of it behind', () => {
  // The stream was cut (more) in the middle of the secret: the kept start must go too.
  const chunks = ['data: {"text":"xx', SECRET.slice(0, 9)];
  const { body, truncated } = redactCapped({ chunks, more: true, limitBytes: 10_000, secrets: [SECRET] });
  assert.equal(truncated, true);
  assert.ok(!body.includes(SECRET.slice(0, 3)), body);
  assert.ok(body.startsWith('data: {"text":"xx'));
});

test('the cap counts bytes of the redacted body, never splits a character, and marks the cut', () => {
  const text = 'é'.repeat(100);
  const { body, truncated } = redactCapped({ chunks: [text], more: false, limitBytes: 51, secrets: [] });
  assert.equal(truncated, true);
  assert.equal(body, 'é'.repeat(25));
  assert.equal(cutUtf8('abc', 10), 'abc');
  const whole = redactCapped({ chunks: ['short'], more: false, limitBytes: 51, secrets: [] });
  assert.deepEqual(whole, { body: 'short', truncated: false });
});

test('a multi-byte character cut at the end of the kept bytes is dropped, not garbled', () => {
  const bytes = Buffer.from('ab€', 'utf8');
  const { body } = redactCapped({ chunks: [bytes.subarray(0, 3)], more: true, limitBytes: 100, secrets: [] });
  assert.equal(body, 'ab');
});
