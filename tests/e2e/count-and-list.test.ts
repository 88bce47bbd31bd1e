/**
 * Anthropic's count_tokens and every SDK's model listing, through the gateway. count_tokens is
 * routed like a generation (candidates, fallback, admission) and logged as one request.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, connectionId, waitFor } from './routing-fixtures.js';

/** A second Anthropic-format account, tried after `main`. */
const ANTH_BACKUP = { provider: 'up-anth', label: 'backup', apiKey: 'key-up-anth-backup', priority: 200 };
const ANTH = UPSTREAMS.anthropic;

let h: Harness;
let anthropic: Anthropic;
before(async () => {
  h = await startHarness({ extraConnections: [ANTH_BACKUP] });
  anthropic = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

async function logRow(requestId: string | null) {
  await h.gateway.store.requestLog.flush();
  const row = (await h.gateway.store.requestLogs.recent(20)).find((r) => r.id === requestId);
  assert.ok(row, `request ${requestId} is in the log`);
  return row;
}

/** count_tokens calls the mock saw with one account's key. */
const countCalls = (apiKey: string) => h.mock.requests.filter((r) => r.apiKey === apiKey && r.path.endsWith('/count_tokens'));

const messages = [{ role: 'user' as const, content: 'count these five words please' }];

test('count_tokens is exact from an Anthropic upstream (forwarded, model rewritten)', async () => {
  const r = await anthropic.messages.countTokens({ model: UPSTREAMS.anthropic.model, system: 'Be brief.', messages });
  const forwarded = h.mock.requests.at(-1)!;
  assert.match(forwarded.path, /\/v1\/messages\/count_tokens$/);
  assert.equal(forwarded.model, ANTH.upstreamModel);
  // The mock counts words + 10 (see tests/mock-upstream): 2 system + 5 user words.
  assert.equal(r.input_tokens, 17);
});

test('count_tokens is estimated for other upstreams, without calling them, and logged', async () => {
  const before = h.mock.requests.length;
  const { data: short, response } = await anthropic.messages.countTokens({ model: UPSTREAMS['openai-chat'].model, messages }).withResponse();
  const long = await anthropic.messages.countTokens({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'word '.repeat(400) }] });
  assert.equal(h.mock.requests.length, before);
  assert.ok(short.input_tokens > 0);
  assert.ok(long.input_tokens > short.input_tokens * 10, `${long.input_tokens} vs ${short.input_tokens}`);
  const row = await logRow(response.headers.get('x-request-id'));
  assert.deepEqual(
    [row.endpoint, row.requestedModel, row.providerId, row.connectionId, row.status, row.attempts],
    ['count_tokens', UPSTREAMS['openai-chat'].model, 'up-chat', undefined, 200, 0],
  );
});

test('count_tokens falls back from a rate-limited account to the next, is logged, and leaves generation on that account alone', async () => {
  h.mock.inject({ match: { apiKey: ANTH.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '60' } });
  const { data, response } = await anthropic.messages.countTokens({ model: ANTH.model, system: 'Be brief.', messages }).withResponse();
  assert.equal(data.input_tokens, 17);
  assert.equal(countCalls(ANTH.apiKey).length, 1, 'main was asked first and answered 429');
  assert.equal(countCalls(ANTH_BACKUP.apiKey).length, 1, 'the second account counted');

  const row = await logRow(response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'count_tokens');
  assert.equal(row.requestedModel, ANTH.model);
  assert.equal(row.status, 200);
  assert.deepEqual([row.attempts, row.fallbacks], [2, 1]);
  assert.equal(row.connectionId, await connectionId(h, 'up-anth', 'backup'));
  assert.equal(row.upstreamModel, ANTH.upstreamModel);
  assert.equal(row.inputTokens, undefined, 'a count is not usage');

  // Anthropic limits token counting apart from generation: main still generates.
  const generated = await anthropic.messages.create({ model: ANTH.model, max_tokens: 16, messages }).withResponse();
  assert.equal(generated.response.headers.get('x-omniroute-account'), 'main');
  // ...while the next count skips the cooling main.
  await anthropic.messages.countTokens({ model: ANTH.model, messages });
  assert.equal(countCalls(ANTH.apiKey).length, 1);
  assert.equal(countCalls(ANTH_BACKUP.apiKey).length, 2);
});

test('a client that leaves a count_tokens call aborts the upstream call and starts no other', async () => {
  // Longer than the 3 s the test gives the gateway to cancel it.
  h.mock.inject({ match: { apiKey: ANTH.apiKey }, fault: { kind: 'slow-first-byte', ms: 4_000 } });
  const controller = new AbortController();
  const pending = anthropic.messages.countTokens({ model: ANTH.model, messages }, { signal: controller.signal }).catch((e: unknown) => e);
  await waitFor(() => countCalls(ANTH.apiKey).length === 1, 'the count to reach the upstream');
  controller.abort();
  assert.ok((await pending) instanceof Anthropic.APIUserAbortError);
  const upstream = countCalls(ANTH.apiKey)[0]!;
  await Promise.race([upstream.done, new Promise((_, reject) => setTimeout(() => reject(new Error('the upstream call was not cancelled')), 3_000).unref())]);
  assert.equal(upstream.aborted, true);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(countCalls(ANTH_BACKUP.apiKey).length, 0, 'no fallback for a client that left');

  await h.gateway.store.requestLog.flush();
  const row = (await h.gateway.store.requestLogs.recent(5)).find((r) => r.endpoint === 'count_tokens' && r.status === 499);
  assert.ok(row, 'the abandoned count is logged as 499');
});

test('count_tokens with an unknown model is a 404 in Anthropic shape', async () => {
  await assert.rejects(anthropic.messages.countTokens({ model: 'nobody/none', messages }), Anthropic.NotFoundError);
  await h.gateway.store.requestLog.flush();
  const row = (await h.gateway.store.requestLogs.recent(5)).find((r) => r.requestedModel === 'nobody/none');
  assert.deepEqual([row?.endpoint, row?.status, row?.errorCode], ['count_tokens', 404, 'not_found']);
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
