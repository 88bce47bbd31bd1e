/**
 * The gateway's own quota counting: an account with a `quota` window in the config is used
 * until the window is spent, skipped until it refills, then used again; quota.status shows the
 * window with its countdown, quota.changed reports each crossing once, and a restart keeps the
 * count (it is read back from the request log).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { QuotaChanged } from '../../core/quota/quota-status.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, manualClock } from './routing-fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const LIMIT = 20;

// Appended to the config's `connections:` list: account A, preferred over the harness's `main` (B).
const ACCOUNT_A = `  - provider: up-chat
    label: quota-a
    apiKey: key-up-chat-a
    priority: 1
    quota:
      - { kind: rolling, hours: 5, limit: ${LIMIT}, unit: requests }
`;

async function ask(h: Harness, text: string): Promise<string | null> {
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const { response } = await client.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: text }] }).withResponse();
  return response.headers.get('x-omniroute-account');
}

async function windowOf(h: Harness, label: string) {
  const status = await h.gateway.control.call('quota.status', {});
  const account = status.connections.find((c) => c.label === label && c.providerId === 'up-chat');
  assert.ok(account, `quota.status lists ${label}`);
  return { account, window: account.windows.find((w) => w.source === 'config') };
}

test('a spent rolling window moves routing to the next account until it refills, across a restart', async () => {
  const clock = manualClock(Date.parse('2030-01-07T10:00:00Z'));
  const t0 = clock.now();
  const h = await startHarness({ gateway: { clock: clock.now }, extraConfig: ACCOUNT_A });
  const events: QuotaChanged[] = [];
  const listen = () => h.gateway.events.on('quota.changed', (e) => events.push(e));
  listen();
  try {
    const { apiKey: keyB } = UPSTREAMS['openai-chat'];
    for (let i = 0; i < LIMIT; i++) {
      assert.equal(await ask(h, `one ${i}`), 'quota-a', `request ${i + 1} of ${LIMIT} uses account A`);
      if (i === 15) assert.deepEqual(events.map((e) => e.level), [80], '80 % at 16 of 20');
      clock.advance(MIN);
    }
    assert.deepEqual(events.map((e) => e.level), [80, 95, 100]);
    assert.deepEqual(
      { ...events[2], resetAt: 0 },
      { connectionId: events[2]!.connectionId, providerId: 'up-chat', label: 'quota-a', window: 'rolling-5h', source: 'config', used: LIMIT, limit: LIMIT, remaining: 0, resetAt: 0, level: 100 },
    );

    assert.equal(await ask(h, 'over the limit'), 'main', 'A is skipped once its window is spent');
    assert.equal(h.mock.requests.at(-1)?.apiKey, keyB);
    assert.equal(callsWith(h.mock, 'key-up-chat-a'), LIMIT);
    assert.equal(events.length, 3, 'requests to B report nothing about A');

    // The first minute's use leaves the window 5 h (and that minute) after it was made.
    const resetAt = t0 + 5 * HOUR + MIN;
    const { account, window } = await windowOf(h, 'quota-a');
    assert.deepEqual(window, {
      window: 'rolling-5h',
      source: 'config',
      unit: 'requests',
      used: LIMIT,
      limit: LIMIT,
      remaining: 0,
      resetAt,
      resetInMs: resetAt - clock.now(),
      exhausted: true,
    });
    assert.match(account.blocked?.message ?? '', /quota-a.*5-hour rolling quota \(20 of 20 requests\)/);
    assert.equal(account.blocked?.until, resetAt);
    const b = await windowOf(h, 'main');
    assert.deepEqual(b.account.windows, [], 'B has no configured window');

    await h.restart();
    listen();
    const restored = await windowOf(h, 'quota-a');
    assert.equal(restored.window?.used, LIMIT, 'the count survives a restart');
    assert.equal(await ask(h, 'after restart'), 'main');
    assert.equal(events.length, 3, 'a restart does not report crossings again');

    clock.advance(10 * MIN);
    const countdown = await windowOf(h, 'quota-a');
    assert.equal(countdown.window?.resetInMs, resetAt - clock.now(), 'the countdown follows the clock');

    // Past the reset of every use: the window is empty again.
    clock.advance(t0 + 5 * HOUR + (LIMIT + 1) * MIN - clock.now());
    assert.equal(await ask(h, 'refilled'), 'quota-a', 'back to A after its window refilled');
    assert.deepEqual(events.map((e) => e.level), [80, 95, 100, 'refilled']);
    const after = await windowOf(h, 'quota-a');
    assert.equal(after.window?.used, 1);
    assert.equal(after.window?.remaining, LIMIT - 1);
    assert.equal(h.mock.usage.reads.length, 0, 'nothing polls a usage endpoint when no account has one');
  } finally {
    await h.close();
  }
});
