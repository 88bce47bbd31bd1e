/**
 * Same-format pass-through forwards the client's API-feature headers (anthropic-beta, its
 * anthropic-version, openai-beta) so a request that uses a beta feature is accepted as the
 * client sent it; a translated request gets none of them, and the client's own credentials
 * never reach any upstream.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { type HarnessFormat } from './harness.js';

/** The gateway key the client presents; it must never leave the gateway. */
const CLIENT_KEY = 'gw-client-secret-7f3a';
const BETA = 'context-management-2025-06-27';

let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: `server:\n  apiKeys: ["${CLIENT_KEY}"]\n` });
});
after(() => h.close());
beforeEach(() => h.mock.reset());

/** What the upstream of `format` saw last, after checking no client credential is in it. */
function upstreamHeaders(format: HarnessFormat): Record<string, string> {
  const seen = lastUpstreamRequest(h.mock, UPSTREAMS[format].apiKey).headers;
  for (const [name, value] of Object.entries(seen)) assert.ok(!value.includes(CLIENT_KEY), `the client's key reached the upstream in ${name}`);
  assert.equal(seen.cookie, undefined);
  assert.deepEqual(Object.keys(seen).filter((n) => n.startsWith('x-omniroute')), []);
  return seen;
}

/** An Anthropic Messages request with every credential header a client might send. */
function anthropicRequest(model: string, headers: Record<string, string>, path = '/v1/messages'): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': CLIENT_KEY,
      authorization: `Bearer ${CLIENT_KEY}`,
      'x-goog-api-key': CLIENT_KEY,
      cookie: `session=${CLIENT_KEY}`,
      ...headers,
    },
    body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hello headers' }] }),
  });
}

describe('Anthropic pass-through', () => {
  test('the SDK beta API (POST /v1/messages?beta=true) with a beta-only field reaches the upstream with its anthropic-beta', async () => {
    const client = new Anthropic({ apiKey: CLIENT_KEY, baseURL: h.url, maxRetries: 0 });
    const r = await client.beta.messages.create({
      model: UPSTREAMS.anthropic.model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello beta' }],
      betas: [BETA],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
    });
    assert.equal(r.model, UPSTREAMS.anthropic.model);
    const seen = upstreamHeaders('anthropic');
    assert.equal(seen['anthropic-beta'], BETA);
    assert.equal(seen['x-api-key'], UPSTREAMS.anthropic.apiKey);
    assert.equal(seen.authorization, undefined);
  });

  test('the client\'s anthropic-version is forwarded; without one the provider\'s default is sent', async () => {
    let res = await anthropicRequest(UPSTREAMS.anthropic.model, { 'anthropic-version': '2023-01-01', 'anthropic-beta': `${BETA}, interleaved-thinking-2025-05-14` });
    assert.equal(res.status, 200, await res.text());
    let seen = upstreamHeaders('anthropic');
    assert.equal(seen['anthropic-version'], '2023-01-01');
    assert.equal(seen['anthropic-beta'], `${BETA}, interleaved-thinking-2025-05-14`);

    // The same body again: it differs only in its headers, so it is not a duplicate that the
    // idempotency cache may answer with the first one's reply.
    res = await anthropicRequest(UPSTREAMS.anthropic.model, {});
    assert.equal(res.status, 200, await res.text());
    seen = upstreamHeaders('anthropic');
    assert.equal(seen['anthropic-version'], '2023-06-01');
    assert.equal(seen['anthropic-beta'], undefined);
  });

  test('?beta=true is routed exactly like /v1/messages, streamed too', async () => {
    const res = await fetch(`${h.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': BETA },
      body: JSON.stringify({ model: UPSTREAMS.anthropic.model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /event: message_stop/);
    assert.equal(upstreamHeaders('anthropic')['anthropic-beta'], BETA);
  });

  test('count_tokens?beta=true with a beta-only field is counted by the upstream with the client\'s anthropic-beta', async () => {
    const res = await fetch(`${h.url}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': BETA },
      body: JSON.stringify({
        model: UPSTREAMS.anthropic.model,
        messages: [{ role: 'user', content: 'count me' }],
        context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.ok((JSON.parse(text) as { input_tokens: number }).input_tokens > 0);
    assert.equal(upstreamHeaders('anthropic')['anthropic-beta'], BETA);
  });
});

describe('translated requests carry no format-specific client header', () => {
  for (const upstream of ['openai-chat', 'openai-responses', 'gemini'] as const) {
    test(`Anthropic client -> ${upstream} upstream`, async () => {
      const res = await anthropicRequest(UPSTREAMS[upstream].model, { 'anthropic-version': '2023-06-01', 'anthropic-beta': BETA }, '/v1/messages?beta=true');
      assert.equal(res.status, 200, await res.text());
      const seen = upstreamHeaders(upstream);
      assert.equal(seen['anthropic-beta'], undefined);
      assert.equal(seen['anthropic-version'], undefined);
    });
  }

  test('OpenAI client with openai-beta -> Anthropic upstream', async () => {
    const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'OpenAI-Beta': 'responses=experimental' } });
    await client.responses.create({ model: UPSTREAMS.anthropic.model, input: 'hi', store: false });
    const seen = upstreamHeaders('anthropic');
    assert.equal(seen['openai-beta'], undefined);
    assert.equal(seen['anthropic-beta'], undefined);
  });
});

describe('OpenAI and Gemini pass-through', () => {
  test('openai-beta reaches a Responses and a Chat upstream; the account key replaces the client\'s', async () => {
    const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'OpenAI-Beta': 'responses=experimental' } });
    await client.responses.create({ model: UPSTREAMS['openai-responses'].model, input: 'hi', store: false });
    let seen = upstreamHeaders('openai-responses');
    assert.equal(seen['openai-beta'], 'responses=experimental');
    assert.equal(seen.authorization, `Bearer ${UPSTREAMS['openai-responses'].apiKey}`);

    await client.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] });
    seen = upstreamHeaders('openai-chat');
    assert.equal(seen['openai-beta'], 'responses=experimental');
    assert.equal(seen.authorization, `Bearer ${UPSTREAMS['openai-chat'].apiKey}`);
  });

  test('a Gemini client\'s key and Anthropic headers stay at the gateway', async () => {
    const res = await fetch(`${h.url}/v1beta/models/${UPSTREAMS.gemini.model}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': CLIENT_KEY, 'anthropic-beta': BETA },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    assert.equal(res.status, 200, await res.text());
    const seen = upstreamHeaders('gemini');
    assert.equal(seen['x-goog-api-key'], UPSTREAMS.gemini.apiKey);
    assert.equal(seen['anthropic-beta'], undefined);
  });
});
