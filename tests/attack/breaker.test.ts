/**
 * Issue 10: breakers judge providers, not requests. A request that fails the same way every
 * time (or a web page sending it in a loop) must not take a provider offline for everyone,
 * and an upstream that rejects an account's key marks that account, not a rate limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';
import { BACKUP, callsWith, chat, chatFailure, connectionId } from '../e2e/routing-fixtures.js';

const THRESHOLD = 3;
const MAX_ATTEMPTS = 6;
const { apiKey: KEY, model: MODEL } = UPSTREAMS['openai-chat'];

describe('breakers judge providers, not requests', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ extraConfig: `routing:\n  maxAttempts: ${MAX_ATTEMPTS}\n  breaker:\n    threshold: ${THRESHOLD}\n    coolOffMs: 30000\n` });
  });
  after(() => h.close());

  test('one request retried on a 500 up to maxAttempts counts once: the breaker stays closed', async () => {
    h.mock.inject({ match: { apiKey: KEY }, times: MAX_ATTEMPTS, fault: { kind: 'status', status: 500 } });
    assert.equal((await chatFailure(h, MODEL, 'always fails')).status, 500);
    assert.equal(callsWith(h.mock, KEY), MAX_ATTEMPTS, 'the request used its whole attempt budget');
    const status = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(
      status.breakers.filter((b) => b.phase !== 'closed'),
      [],
      JSON.stringify(status.breakers),
    );
    assert.ok(status.breakers.every((b) => b.failures <= 1), JSON.stringify(status.breakers));
    const next = await chat(h, MODEL, 'well formed');
    assert.equal(next.text, 'Hello! You said: well formed');
  });

  test('a web-page loop of identical bad requests (400 upstream) never opens the breaker', { timeout: 30_000 }, async () => {
    const N = 3 * THRESHOLD;
    h.mock.inject({ match: { apiKey: KEY }, times: N, fault: { kind: 'status', status: 400 } });
    for (let i = 0; i < N; i++) assert.equal((await chatFailure(h, MODEL, 'bad request')).status, 400);
    const status = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(status.breakers, [], JSON.stringify(status.breakers));
    assert.deepEqual(status.cooldowns, [], JSON.stringify(status.cooldowns));
    const next = await chat(h, MODEL, 'good');
    assert.equal(next.text, 'Hello! You said: good');
  });
});

describe('a request failing the same way on every send is the request, not the provider', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ extraConfig: `routing:\n  maxAttempts: 1\n  breaker:\n    threshold: ${THRESHOLD}\n    coolOffMs: 30000\n` });
  });
  after(() => h.close());

  const openBreakers = async () => (await h.gateway.control.call('routing.status', {})).breakers.filter((b) => b.phase !== 'closed');

  test('the same failing request sent again and again counts once: the breaker stays closed for everyone', async () => {
    const N = 3 * THRESHOLD;
    h.mock.inject({ match: { apiKey: KEY }, times: N, fault: { kind: 'status', status: 500 } });
    for (let i = 0; i < N; i++) assert.equal((await chatFailure(h, MODEL, 'the poison prompt')).status, 500);
    assert.equal(callsWith(h.mock, KEY), N, 'each send reached the provider');
    assert.deepEqual(await openBreakers(), []);
    const next = await chat(h, MODEL, 'someone else');
    assert.equal(next.text, 'Hello! You said: someone else');
  });

  test('different requests failing still open it: the provider is what fails', async () => {
    h.mock.inject({ match: { apiKey: KEY }, times: THRESHOLD, fault: { kind: 'status', status: 500 } });
    for (let i = 0; i < THRESHOLD; i++) await chatFailure(h, MODEL, `request number ${i}`);
    const open = await openBreakers();
    assert.ok(open.length > 0, 'the breaker opened');
  });
});

describe('an upstream 401/403 marks the account key_rejected, not a rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ extraConnections: [BACKUP] });
  });
  after(() => h.close());

  test('a 401 marks the account key_rejected; a second account takes over; routing.reset restores it', async () => {
    h.mock.inject({ match: { apiKey: KEY }, fault: { kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } } });
    const first = await chat(h, MODEL, 'one');
    assert.equal(first.account, 'backup');
    const mainId = await connectionId(h, 'up-chat', 'main');

    const status = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(status.keyRejected, [{ key: `account:${mainId}`, state: 'key_rejected', reason: 'authentication_failed', status: 401, since: status.keyRejected?.[0]?.since }]);
    assert.deepEqual(status.cooldowns, [], 'not a cooldown labelled as a rate limit');
    assert.deepEqual(status.breakers, []);

    const calls = callsWith(h.mock, KEY);
    const second = await chat(h, MODEL, 'two');
    assert.deepEqual([second.account, second.attempts], ['backup', '1']);
    assert.equal(callsWith(h.mock, KEY), calls, 'the refused account is skipped');

    assert.deepEqual(await h.gateway.control.call('routing.reset', { connectionId: mainId }), { reset: true });
    assert.deepEqual((await h.gateway.control.call('routing.status', {})).keyRejected, []);
    const third = await chat(h, MODEL, 'three');
    assert.equal(third.account, 'main');
  });

  test("with no other account the client hears that the provider rejected the account's key", async () => {
    const ANTH = UPSTREAMS.anthropic;
    h.mock.inject({ match: { apiKey: ANTH.apiKey }, fault: { kind: 'status', status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'Forbidden.' } } } });
    const refused = await chatFailure(h, ANTH.model, 'x');
    assert.match(refused.message, /rejected this account's API key \(403\)/);
    const calls = callsWith(h.mock, ANTH.apiKey);
    const skipped = await chatFailure(h, ANTH.model, 'x');
    assert.equal(skipped.status, 503, skipped.message);
    assert.match(skipped.message, /rejected the API key of .*account "main"/);
    assert.equal(callsWith(h.mock, ANTH.apiKey), calls, 'nothing was sent with the refused key');
    assert.deepEqual(await h.gateway.control.call('routing.reset', { all: true }), { reset: true });
    assert.deepEqual((await h.gateway.control.call('routing.status', {})).keyRejected, []);
  });
});
