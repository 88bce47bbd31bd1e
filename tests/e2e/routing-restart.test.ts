/**
 * Cooldowns and breakers live in SQLite: a gateway restarted on the same data dir and config
 * still skips the cooling account and still short-circuits the failing provider.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { ACCOUNT_RATE_LIMIT_BODY, BACKUP, callsWith, chat, chatFailure, connectionId, manualClock } from './routing-fixtures.js';

// The same clock before and after the restart: nothing expires in between.
const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({
    extraConnections: [BACKUP],
    extraConfig: 'routing:\n  maxAttempts: 2\n  breaker:\n    threshold: 2\n    coolOffMs: 600000\n',
    gateway: { clock: clock.now },
  });
});
after(() => h.close());

const CHAT = UPSTREAMS['openai-chat'];
const ANTH = UPSTREAMS.anthropic;

describe('routing state across a restart', () => {
  test('a cooled account and an open breaker survive a restart', async () => {
    h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '3600', body: ACCOUNT_RATE_LIMIT_BODY } });
    const cooled = await chat(h, CHAT.model, 'cool');
    assert.equal(cooled.account, 'backup');

    // A request's retries count once toward a breaker: two failing requests (2 + 1 calls) open it.
    h.mock.inject({ match: { apiKey: ANTH.apiKey }, times: 3, fault: { kind: 'status', status: 500 } });
    for (const prompt of ['x1', 'x2']) assert.equal((await chatFailure(h, ANTH.model, prompt)).status, 500);

    const mainId = await connectionId(h, 'up-chat', 'main');
    const anthId = await connectionId(h, 'up-anth', 'main');
    const before = await h.gateway.control.call('routing.status', {});
    const expectedCooldown = { key: `account:${mainId}`, until: clock.now() + 3_600_000 };
    assert.deepEqual(before.cooldowns.map((c) => ({ key: c.key, until: c.until })), [expectedCooldown]);
    const openBreakers = [`account:${anthId}`, 'provider:up-anth'];
    assert.deepEqual(before.breakers.filter((b) => b.phase === 'open').map((b) => b.key), openBreakers);

    await h.restart();
    h.mock.reset();

    const after = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(after.cooldowns.map((c) => ({ key: c.key, until: c.until })), [expectedCooldown], 'the cooldown came back');
    assert.deepEqual(after.breakers.filter((b) => b.phase === 'open').map((b) => b.key), openBreakers, 'the breakers came back open');

    const skipped = await chat(h, CHAT.model, 'after restart');
    assert.equal(skipped.text, 'Hello! You said: after restart');
    assert.deepEqual([skipped.account, skipped.attempts, skipped.fallbacks], ['backup', '1', '0']);
    assert.equal(callsWith(h.mock, CHAT.apiKey), 0, 'the cooling account was skipped');

    assert.equal((await chatFailure(h, ANTH.model, 'y')).status, 503);
    assert.equal(callsWith(h.mock, ANTH.apiKey), 0, 'the open breaker sent nothing upstream');
  });
});
