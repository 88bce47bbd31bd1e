/**
 * Model names that try to move the upstream URL (issue 10): a model id is one encoded path
 * segment at a Gemini provider, ids that could climb the path, add a query or carry control
 * characters are refused with a 4xx in the client's shape before any upstream call, and no
 * model name (malformed escape, non-Latin-1) ever answers 500.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';
import { HARNESS_FORMATS, type HarnessFormat } from '../e2e/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

/** Sends one non-streamed request naming `model`, as an OpenAI Chat or a Gemini client. */
async function ask(client: 'openai-chat' | 'gemini', model: string): Promise<{ status: number; body: unknown }> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json' } };
  const res =
    client === 'gemini'
      ? await fetch(`${h.url}/v1beta/models/${model}:generateContent`, { ...init, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }) })
      : await fetch(`${h.url}/v1/chat/completions`, { ...init, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text: the assertion below names it
  }
  return { status: res.status, body };
}

function assertClientShape(client: HarnessFormat, body: unknown, label: string): void {
  const error = (body as { error?: { message?: unknown; status?: unknown; code?: unknown } }).error;
  assert.ok(error && typeof error.message === 'string', `${label}: an error in the client's shape: ${JSON.stringify(body)}`);
  if (client === 'gemini') assert.equal(typeof error.code, 'number', `${label}: Gemini errors carry a numeric code`);
}

// In the body the name is sent as typed; in a Gemini path it is written the way an attacker would.
const BODY_NAMES = ['../../x?q=', '..', 'a/../../x', '%2e%2e/%2e%2e/x', 'x?q=1', 'x#frag', 'x\u0000y', '%'];
const PATH_NAMES = ['..%2F..%2Fx%3Fq%3D', '%2e%2e', 'a%2F..%2F..%2Fx', '%252e%252e', 'x%3Fq%3D1', 'x%23frag', 'x%00y', '%'];

for (const upstream of HARNESS_FORMATS) {
  const { provider } = UPSTREAMS[upstream];
  test(`path tricks in a model name for the ${upstream} upstream: 4xx in the client's shape, the provider never called`, async () => {
    const before = h.mock.requests.length;
    for (const name of BODY_NAMES) {
      const r = await ask('openai-chat', `${provider}/${name}`);
      assert.ok(r.status >= 400 && r.status < 500, `chat ${JSON.stringify(name)}: ${r.status} ${JSON.stringify(r.body)}`);
      assertClientShape('openai-chat', r.body, name);
    }
    for (const name of PATH_NAMES) {
      const r = await ask('gemini', `${provider}/${name}`);
      assert.ok(r.status >= 400 && r.status < 500, `gemini ${JSON.stringify(name)}: ${r.status} ${JSON.stringify(r.body)}`);
      assertClientShape('gemini', r.body, name);
    }
    assert.equal(h.mock.requests.length - before, 0, 'no upstream call');
  });

  test(`a non-Latin-1 model name for the ${upstream} upstream is answered (or refused with a 4xx), never a 500`, async () => {
    for (const name of ['модель', 'mödel', '模型-1']) {
      const chat = await ask('openai-chat', `${provider}/${name}`);
      // The mock serves any model name; what matters is that echoing it in a header does not throw.
      assert.ok(chat.status < 500, `chat ${name}: ${chat.status} ${JSON.stringify(chat.body)}`);
      const gem = await ask('gemini', `${provider}/${encodeURIComponent(name)}`);
      assert.ok(gem.status < 500, `gemini ${name}: ${gem.status} ${JSON.stringify(gem.body)}`);
    }
  });
}

test('a lone % anywhere in a Gemini path is a 4xx, not a 500', async () => {
  for (const path of ['%', '%zz', 'mock%', `${UPSTREAMS.gemini.provider}/%E0%A4%A`]) {
    const r = await ask('gemini', path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
    assertClientShape('gemini', r.body, path);
  }
});
