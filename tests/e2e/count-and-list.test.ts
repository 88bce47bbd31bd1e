/** Anthropic's count_tokens and every SDK's model listing, through the gateway. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
let anthropic: Anthropic;
before(async () => {
  h = await startHarness();
  anthropic = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
});
after(() => h.close());

const messages = [{ role: 'user' as const, content: 'count these five words please' }];

test('count_tokens is exact from an Anthropic upstream (forwarded, model rewritten)', async () => {
  const r = await anthropic.messages.countTokens({ model: UPSTREAMS.anthropic.model, system: 'Be brief.', messages });
  const forwarded = h.mock.requests.at(-1)!;
  assert.match(forwarded.path, /\/v1\/messages\/count_tokens$/);
  assert.equal(forwarded.model, 'mock-claude-1');
  // The mock counts words + 10 (see tests/mock-upstream): 2 system + 5 user words.
  assert.equal(r.input_tokens, 17);
});

test('count_tokens is estimated for other upstreams, without calling them', async () => {
  const before = h.mock.requests.length;
  const short = await anthropic.messages.countTokens({ model: UPSTREAMS['openai-chat'].model, messages });
  const long = await anthropic.messages.countTokens({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'word '.repeat(400) }] });
  assert.equal(h.mock.requests.length, before);
  assert.ok(short.input_tokens > 0);
  assert.ok(long.input_tokens > short.input_tokens * 10, `${long.input_tokens} vs ${short.input_tokens}`);
});

test('count_tokens with an unknown model is a 404 in Anthropic shape', async () => {
  await assert.rejects(anthropic.messages.countTokens({ model: 'nobody/none', messages }), Anthropic.NotFoundError);
});

test('the Anthropic and Gemini SDKs list models in their own shapes', async () => {
  const ids: string[] = [];
  for await (const m of anthropic.models.list()) ids.push(m.id);
  assert.deepEqual(ids.sort(), Object.values(UPSTREAMS).map((u) => u.model).sort());

  const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.url } });
  const names: string[] = [];
  for await (const m of await ai.models.list()) names.push(m.name ?? '');
  assert.deepEqual(names.sort(), Object.values(UPSTREAMS).map((u) => `models/${u.model}`).sort());
});
