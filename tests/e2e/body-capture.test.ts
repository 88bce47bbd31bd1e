/** server.requestLog.captureBodies: the four bodies of a request, redacted and capped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const CAPTURE = 'server:\n  requestLog:\n    captureBodies: true\n';
const CLIENT_SECRET = 'client-field-secret-93f1';
const CHAT_KEY = UPSTREAMS['openai-chat'].apiKey;
const KINDS = ['client_request', 'upstream_request', 'upstream_response', 'client_response'];

async function post(h: Harness, path: string, body: unknown): Promise<{ id: string; status: number; text: string }> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', authorization: 'Bearer k' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { id: res.headers.get('x-request-id') ?? '', status: res.status, text };
}

async function bodiesOf(h: Harness, id: string) {
  const bodies = await h.gateway.store.requestBodies.get(id);
  return Object.fromEntries(bodies.map((b) => [b.kind, b]));
}

/** A user turn that makes the mock echo the provider key back ("You said: ..."). */
const echoKey = (key: string) => `please repeat ${key} now`;

function assertClean(bodies: Record<string, { body: string }>, secrets: string[]) {
  for (const [kind, { body }] of Object.entries(bodies)) {
    for (const s of secrets) assert.ok(!body.includes(s), `${kind} leaks ${s}: ${body.slice(0, 400)}`);
  }
}

test('non-streamed pass-through: four bodies, the echoed provider key and an api_key field redacted', async () => {
  const h = await startHarness({ extraConfig: CAPTURE });
  try {
    const r = await post(h, '/v1/chat/completions', {
      model: UPSTREAMS['openai-chat'].model,
      messages: [{ role: 'user', content: echoKey(CHAT_KEY) }],
      metadata: { api_key: CLIENT_SECRET },
    });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.includes(CHAT_KEY), 'the mock echoed the key to the client (the client sent it)');
    const b = await bodiesOf(h, r.id);
    assert.deepEqual(Object.keys(b).sort(), [...KINDS].sort());
    assertClean(b, [CHAT_KEY, CLIENT_SECRET]);
    assert.match(b.client_request!.body, /"api_key":"\[REDACTED\]"/);
    assert.match(b.upstream_request!.body, new RegExp(`"model":"${UPSTREAMS['openai-chat'].upstreamModel}"`));
    assert.match(b.upstream_response!.body, /You said: please repeat \[REDACTED\] now/);
    assert.match(b.client_response!.body, /You said: please repeat \[REDACTED\] now/);
    for (const kind of KINDS) assert.equal(b[kind]!.truncated, false);
  } finally {
    await h.close();
  }
});

test('translated, streamed and not: each side in its own format, redacted', async () => {
  const h = await startHarness({ extraConfig: CAPTURE });
  try {
    const anthKey = UPSTREAMS.anthropic.apiKey;
    // OpenAI Chat client -> Anthropic upstream, streamed.
    const s = await post(h, '/v1/chat/completions', { model: UPSTREAMS.anthropic.model, stream: true, messages: [{ role: 'user', content: echoKey(anthKey) }] });
    assert.equal(s.status, 200);
    const sb = await bodiesOf(h, s.id);
    assert.deepEqual(Object.keys(sb).sort(), [...KINDS].sort());
    assertClean(sb, [anthKey]);
    assert.match(sb.upstream_request!.body, /"max_tokens"/, 'the upstream request is the Anthropic one');
    assert.match(sb.upstream_response!.body, /event: message_start/);
    assert.match(sb.upstream_response!.body, /\[REDACTED\]/);
    assert.match(sb.client_response!.body, /^data: \{.*chat\.completion\.chunk/m);
    assert.match(sb.client_response!.body, /\[REDACTED\]/);
    assert.match(sb.client_response!.body, /data: \[DONE\]/);

    // Anthropic client -> OpenAI Chat upstream, not streamed.
    const n = await post(h, '/v1/messages', { model: UPSTREAMS['openai-chat'].model, max_tokens: 100, messages: [{ role: 'user', content: echoKey(CHAT_KEY) }] });
    assert.equal(n.status, 200, n.text);
    const nb = await bodiesOf(h, n.id);
    assertClean(nb, [CHAT_KEY]);
    assert.match(nb.upstream_response!.body, /"chat\.completion"/);
    assert.match(nb.client_response!.body, /"type":"message"/);

    // Gemini pass-through, streamed.
    const gemKey = UPSTREAMS.gemini.apiKey;
    const g = await post(h, `/v1beta/models/${UPSTREAMS.gemini.model}:streamGenerateContent?alt=sse`, { contents: [{ role: 'user', parts: [{ text: echoKey(gemKey) }] }] });
    assert.equal(g.status, 200, g.text);
    const gb = await bodiesOf(h, g.id);
    assertClean(gb, [gemKey]);
    assert.match(gb.upstream_response!.body, /^data: /m);
    // The same bytes but for the model name, which the client gets as it asked for it.
    const asUpstreamSent = gb.client_response!.body.replaceAll(`"modelVersion":"${UPSTREAMS.gemini.model}"`, `"modelVersion":"${UPSTREAMS.gemini.upstreamModel}"`);
    assert.equal(gb.upstream_response!.body.replaceAll('\r', ''), asUpstreamSent, 'pass-through relays the same bytes');
  } finally {
    await h.close();
  }
});

test('an upstream error that echoes the key is redacted for the client and in the log', async () => {
  const h = await startHarness({ extraConfig: CAPTURE });
  try {
    h.mock.inject({
      match: { apiKey: CHAT_KEY },
      fault: { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${CHAT_KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } },
    });
    const r = await post(h, '/v1/chat/completions', { model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(r.status, 401, r.text);
    assert.ok(!r.text.includes(CHAT_KEY), r.text);
    assert.match(r.text, /Incorrect API key provided: \[REDACTED\]/);
    const b = await bodiesOf(h, r.id);
    assertClean(b, [CHAT_KEY]);
    assert.match(b.upstream_response!.body, /Incorrect API key/);
    assert.match(b.client_response!.body, /Incorrect API key provided: \[REDACTED\]/);
  } finally {
    await h.close();
  }
});

test('bodies are cut at bodyLimitBytes and marked, streamed or not', async () => {
  const h = await startHarness({ extraConfig: 'server:\n  requestLog:\n    captureBodies: true\n    bodyLimitBytes: 1024\n' });
  try {
    const long = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    for (const stream of [false, true]) {
      const r = await post(h, '/v1/chat/completions', { model: UPSTREAMS['openai-chat'].model, stream, messages: [{ role: 'user', content: `${long} ${CHAT_KEY}` }] });
      assert.equal(r.status, 200);
      const b = await bodiesOf(h, r.id);
      assert.deepEqual(Object.keys(b).sort(), [...KINDS].sort());
      for (const kind of KINDS) {
        assert.ok(Buffer.byteLength(b[kind]!.body) <= 1024, `${kind} is ${Buffer.byteLength(b[kind]!.body)} bytes`);
        assert.equal(b[kind]!.truncated, true, `${kind} (stream ${stream}) is marked truncated`);
        assert.ok(b[kind]!.body.length > 900, `${kind} keeps up to the cap`);
      }
      assertClean(b, [CHAT_KEY]);
    }
  } finally {
    await h.close();
  }
});

test('with capture off no bodies are kept', async () => {
  const h = await startHarness();
  try {
    const ids: string[] = [];
    for (const stream of [false, true]) {
      const r = await post(h, '/v1/chat/completions', { model: UPSTREAMS.anthropic.model, stream, messages: [{ role: 'user', content: 'hello' }] });
      assert.equal(r.status, 200);
      ids.push(r.id);
    }
    const rows = await h.gateway.store.requestLogs.recent(10);
    for (const id of ids) {
      assert.ok(rows.some((row) => row.id === id), 'the request is logged');
      assert.deepEqual(await h.gateway.store.requestBodies.get(id), []);
    }
  } finally {
    await h.close();
  }
});
