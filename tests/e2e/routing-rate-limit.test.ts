/**
 * A 429 with Retry-After moves the request to the provider's next account, and when that one
 * is limited too, to the next member of the combo; the client sees one normal answer. The
 * limited accounts are skipped until Retry-After has passed, then used again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { ACCOUNT_RATE_LIMIT_BODY, BACKUP, callsWith, chat, connectionId, manualClock } from './routing-fixtures.js';

const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({
    extraConnections: [BACKUP],
    extraConfig: ['combos:', '  - name: coding', '    members:', `      - model: ${UPSTREAMS['openai-chat'].model}`, `      - model: ${UPSTREAMS.anthropic.model}`, ''].join('\n'),
    gateway: { clock: clock.now },
  });
});
after(() => h.close());

const MAIN_KEY = UPSTREAMS['openai-chat'].apiKey;
const ANTH_KEY = UPSTREAMS.anthropic.apiKey;

describe('429 with Retry-After', () => {
  test('falls back to the next account, then to the next combo member, and comes back after Retry-After', async () => {
    const limit = { kind: 'status', status: 429, retryAfter: '30', body: ACCOUNT_RATE_LIMIT_BODY } as const;

    // 1. main is limited: the same request is answered by the provider's second account.
    h.mock.inject({ match: { apiKey: MAIN_KEY }, fault: limit });
    const first = await chat(h, 'coding', 'first');
    assert.equal(first.text, 'Hello! You said: first');
    assert.deepEqual([first.provider, first.account, first.attempts, first.fallbacks], ['up-chat', 'backup', '2', '1']);
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 1);

    const mainId = await connectionId(h, 'up-chat', 'main');
    const status = await h.gateway.control.call('routing.status', {});
    const cooling = status.cooldowns.find((c) => c.key === `account:${mainId}`);
    assert.ok(cooling, `main is cooling down: ${JSON.stringify(status.cooldowns)}`);
    assert.equal(cooling.until, clock.now() + 30_000, 'the cooldown ends when Retry-After says');

    // 2. main is skipped while cooling; backup is limited as well: the combo's next member answers.
    h.mock.inject({ match: { apiKey: BACKUP.apiKey }, fault: limit });
    clock.advance(10_000);
    const second = await chat(h, 'coding', 'second');
    assert.equal(second.text, 'Hello! You said: second');
    assert.deepEqual([second.provider, second.account, second.attempts, second.fallbacks], ['up-anth', 'main', '2', '1']);
    assert.equal(callsWith(h.mock, MAIN_KEY), 1, 'the cooling account was not called');
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 2);
    assert.equal(callsWith(h.mock, ANTH_KEY), 1);

    // 3. Just before main's Retry-After ends, both up-chat accounts are still skipped.
    clock.advance(19_000);
    const third = await chat(h, 'coding', 'third');
    assert.deepEqual([third.provider, third.attempts, third.fallbacks], ['up-anth', '1', '0']);
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 2);

    // 4. Past it, main (the best priority) takes requests again.
    clock.advance(1_001);
    const fourth = await chat(h, 'coding', 'fourth');
    assert.equal(fourth.text, 'Hello! You said: fourth');
    assert.deepEqual([fourth.provider, fourth.account, fourth.attempts, fourth.fallbacks], ['up-chat', 'main', '1', '0']);
    assert.equal(callsWith(h.mock, MAIN_KEY), 2);
    assert.equal(h.mock.requests.at(-1)?.apiKey, MAIN_KEY);
  });
});
