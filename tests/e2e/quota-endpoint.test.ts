/**
 * The most trusted quota source: a provider's own usage endpoint. Two OpenRouter accounts
 * point at the mock (chat at /v1, the key endpoint at /api/v1/key as on openrouter.ai); the
 * gateway polls the endpoint, shows what it says, skips the account whose key limit is spent
 * and takes it back once a read says it has credit again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import OpenAI from 'openai';
import type { QuotaChanged } from '../../core/quota/quota-status.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, manualClock } from './routing-fixtures.js';

const MODEL = 'openrouter/qwen/qwen3-coder';

const accounts = (mockUrl: string) => `  - provider: openrouter
    label: or-a
    apiKey: key-or-a
    baseUrl: ${mockUrl}/v1
    priority: 1
  - provider: openrouter
    label: or-b
    apiKey: key-or-b
    baseUrl: ${mockUrl}/v1
    priority: 2
`;

let asked = 0;
async function ask(h: Harness): Promise<string | null> {
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  // A new text each time: the same body again within the idempotency window is answered from cache.
  const content = `hi ${(asked += 1)}`;
  const { response } = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] }).withResponse();
  return response.headers.get('x-omniroute-account');
}

test('an account whose usage endpoint says its key limit is spent is skipped until a read says otherwise', async () => {
  const clock = manualClock(Date.parse('2030-01-15T10:00:00Z'));
  const h = await startHarness({ gateway: { clock: clock.now } });
  try {
    h.mock.usage.setKey('key-or-a', { limit: 10, remaining: 0, limitReset: 'monthly' });
    h.mock.usage.setKey('key-or-b', { limit: 10, remaining: 8, limitReset: null });
    // The accounts need the mock's port, known only once it runs: add them and restart.
    await appendFile(h.configPath, accounts(h.mock.url));
    await h.restart();
    const events: QuotaChanged[] = [];
    h.gateway.events.on('quota.changed', (e) => events.push(e));

    assert.equal(await h.gateway.pollQuota(), 2);
    assert.ok(h.mock.usage.reads.some((r) => r.apiKey === 'key-or-a' && r.status === 200), 'the poller read the endpoint with the account key');

    const status = await h.gateway.control.call('quota.status', {});
    const a = status.connections.find((c) => c.label === 'or-a');
    const b = status.connections.find((c) => c.label === 'or-b');
    const resetAt = Date.parse('2030-02-01T00:00:00Z');
    assert.deepEqual(a?.windows, [
      { window: 'key-limit-monthly', source: 'endpoint', unit: 'usd', used: 10, limit: 10, remaining: 0, resetAt, resetInMs: resetAt - clock.now(), exhausted: true, at: clock.now() },
    ]);
    assert.match(a?.blocked?.message ?? '', /OpenRouter account "or-a" has used its key-limit-monthly limit/);
    assert.equal(b?.windows[0]?.remaining, 8);
    assert.equal(b?.windows[0]?.resetAt, null, 'a key limit without limit_reset never refills by itself');
    assert.equal(b?.blocked, null);

    assert.equal(await ask(h), 'or-b', 'the spent account is skipped');
    assert.equal(callsWith(h.mock, 'key-or-a'), 0);
    assert.equal(callsWith(h.mock, 'key-or-b'), 1);

    // A failed read keeps what the last good one said.
    h.mock.usage.inject({ kind: 'status', status: 500 });
    assert.equal(await h.gateway.pollQuota(), 1);
    assert.equal(await ask(h), 'or-b');
    assert.equal(callsWith(h.mock, 'key-or-b'), 2);

    // After a restart the same spent key is not announced again: the level reported is kept.
    const spentEvents = events.filter((e) => e.label === 'or-a').length;
    await h.restart();
    h.gateway.events.on('quota.changed', (e) => events.push(e));
    assert.equal(await h.gateway.pollQuota(), 2);
    assert.equal(events.filter((e) => e.label === 'or-a').length, spentEvents, 'nothing new after the restart');
    assert.equal(await ask(h), 'or-b', 'still skipped after the restart');

    h.mock.usage.setKey('key-or-a', { limit: 10, remaining: 10, limitReset: 'monthly' });
    assert.equal(await h.gateway.pollQuota(), 2);
    assert.deepEqual(
      events.filter((e) => e.label === 'or-a').map((e) => [e.level, e.source, e.window]),
      [
        [100, 'endpoint', 'key-limit-monthly'],
        ['refilled', 'endpoint', 'key-limit-monthly'],
      ],
      'spent once (no run before this one reported it), refilled once',
    );
    assert.equal(await ask(h), 'or-a', 'credit again: back to the preferred account');
    assert.equal(callsWith(h.mock, 'key-or-a'), 1);
  } finally {
    await h.close();
  }
});
