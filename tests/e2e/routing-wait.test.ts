/**
 * Short waits beat errors: when every candidate is cooling down and the first frees within
 * routing.maxWaitMs, the request waits for it and is answered, instead of getting the
 * gateway's own 429 "retry in 1 s". A 429 for one model leaves the account's other models
 * alone. A client that leaves during the wait costs no further upstream call.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { ACCOUNT_RATE_LIMIT_BODY, callsWith, chat, connectionId, openai, waitFor } from './routing-fixtures.js';

const CHAT = UPSTREAMS['openai-chat'];
const ANTH = UPSTREAMS.anthropic;
const combos = [
  'combos:',
  '  - name: solo',
  '    members:',
  `      - model: ${CHAT.model}`,
  '  - name: one-account',
  '    members:',
  `      - model: ${CHAT.model}`,
  '      - model: up-chat/mock-chat-2',
  '',
].join('\n');

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe('waiting for a cooling candidate (default routing.maxWaitMs)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ extraConfig: combos });
  });
  after(() => h.close());
  afterEach(async () => {
    h.mock.reset();
    await h.gateway.control.call('routing.reset', { all: true });
  });

  test('a combo whose only member returns 429 with Retry-After: 1 on a single account: the tool still gets its answer, within about a second', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const { value, ms } = await timed(() => chat(h, 'solo', 'wait for me'));
    assert.equal(value.text, 'Hello! You said: wait for me');
    assert.deepEqual([value.account, value.attempts], ['main', '2']);
    assert.equal(callsWith(h.mock, CHAT.apiKey), 2, 'the 429, then the answer');
    assert.ok(ms >= 900, `answered after the Retry-After, not before (${Math.round(ms)} ms)`);
    assert.ok(ms < 3_000, `answered within about a second (${Math.round(ms)} ms)`);
  });

  test('an account-wide 429 on a combo of two models on one account: waits, then the first member answers', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '1', body: ACCOUNT_RATE_LIMIT_BODY } });
    const { value, ms } = await timed(() => chat(h, 'one-account', 'both cool'));
    assert.equal(value.text, 'Hello! You said: both cool');
    assert.equal(callsWith(h.mock, CHAT.apiKey), 2, 'the second model was not sent to an account that said it is limited');
    assert.ok(ms >= 900 && ms < 3_000, `${Math.round(ms)} ms`);
  });

  test('after a 429 on model A of an account, a request for model B of the same account is answered at once', async () => {
    // Anthropic's own words ("the rate limit for your organization"), though it counts per model;
    // a Retry-After beyond maxWaitMs, so the request for A is refused rather than kept waiting.
    h.mock.inject({ match: { apiKey: ANTH.apiKey, model: ANTH.upstreamModel }, fault: { kind: 'status', status: 429, retryAfter: '60' } });
    const limited = await timed(() => openai(h).chat.completions.create({ model: ANTH.model, messages: [{ role: 'user', content: 'a' }] }).catch((e: unknown) => e));
    assert.ok(limited.value instanceof OpenAI.RateLimitError, String(limited.value));
    assert.ok(limited.ms < 2_000, `a wait beyond maxWaitMs is not started (${Math.round(limited.ms)} ms)`);

    const { value, ms } = await timed(() => chat(h, 'up-anth/mock-claude-2', 'b'));
    assert.equal(value.text, 'Hello! You said: b');
    assert.deepEqual([value.account, value.attempts], ['main', '1']);
    assert.ok(ms < 900, `no wait for another model (${Math.round(ms)} ms)`);

    const anthId = await connectionId(h, 'up-anth', 'main');
    const { cooldowns } = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(cooldowns.map((c) => c.key), [`model:${anthId}:${ANTH.upstreamModel}`]);
  });

  test('while one model waits for its cooldown, another model of the same account is served meanwhile', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey, model: CHAT.upstreamModel }, fault: { kind: 'status', status: 429, retryAfter: '2' } });
    const waiting = timed(() => chat(h, CHAT.model, 'patient'));
    await waitFor(() => callsWith(h.mock, CHAT.apiKey, CHAT.upstreamModel) === 1, 'the 429 for model A');
    const other = await timed(() => chat(h, 'up-chat/mock-chat-2', 'meanwhile'));
    assert.equal(other.value.text, 'Hello! You said: meanwhile');
    assert.ok(other.ms < 900, `${Math.round(other.ms)} ms`);
    const first = await waiting;
    assert.equal(first.value.text, 'Hello! You said: patient');
    assert.ok(first.ms >= 1_900, `${Math.round(first.ms)} ms`);
  });

  test('a client that leaves during the wait costs no further upstream call', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '2' } });
    const controller = new AbortController();
    const pending = openai(h)
      .chat.completions.create({ model: 'solo', messages: [{ role: 'user', content: 'gone' }] }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await waitFor(() => callsWith(h.mock, CHAT.apiKey) === 1, 'the 429');
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    assert.ok((await pending) instanceof OpenAI.APIUserAbortError);
    // Past the cooldown end: a wait that ignored the client would have sent its retry by now.
    await new Promise((r) => setTimeout(r, 2_300));
    assert.equal(callsWith(h.mock, CHAT.apiKey), 1, 'no call after the client left');
    await h.gateway.store.requestLog.flush();
    const row = (await h.gateway.store.requestLogs.recent(5)).find((r) => r.requestedModel === 'solo');
    assert.equal(row?.status, 499, 'booked as a request the client left');
  });
});

describe('routing.maxWaitMs: 0', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ extraConfig: `routing:\n  maxWaitMs: 0\n${combos}` });
  });
  after(() => h.close());

  test('the 429 comes back at once, with the upstream Retry-After', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const { value: res, ms } = await timed(() =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'solo', messages: [{ role: 'user', content: 'no waiting' }] }),
      }),
    );
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.ok(ms < 900, `not held until the cooldown ends (${Math.round(ms)} ms)`);
    assert.equal(callsWith(h.mock, CHAT.apiKey), 1);
  });
});
