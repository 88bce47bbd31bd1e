/**
 * Budgets: a spent tier budget moves a combo to its next member (the next tier) until UTC
 * midnight, and a gateway key over its budget gets a 429 its own SDK raises as a
 * RateLimitError, while other keys go on working.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { configYaml, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const OPENAI_KEY = 'key-openai-metered';
const CUSTOM = UPSTREAMS['openai-chat'];
/** Dear on purpose: one mock answer (a few dozen tokens) costs a few cents. */
const PRICE = '{ input: 1000, output: 1000 }';

/** The harness's config plus a built-in provider account pointed at the mock (tier api-key). */
async function withOpenAiAccount(h: Harness, extra: string): Promise<void> {
  const account = ['  - provider: openai', '    label: metered', `    apiKey: ${OPENAI_KEY}`, `    baseUrl: ${h.mock.url}/v1`, ''].join('\n');
  const yaml = configYaml(h.mock.url, extra).replace('connections:\n', `connections:\n${account}`);
  await writeFile(h.configPath, yaml);
  await h.restart();
}

/** Each request asks something new: identical requests within seconds would share one answer. */
let asked = 0;
const question = () => `count my cost ${++asked}`;

async function chat(url: string, model: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: question() }] }),
  });
}

describe('a spent tier budget moves the combo to the next tier until midnight', () => {
  const clock = { now: Date.UTC(2026, 4, 20, 23, 30) };
  const MIDNIGHT = Date.UTC(2026, 4, 21);
  let h: Harness;
  before(async () => {
    h = await startHarness({ gateway: { clock: () => clock.now } });
    await withOpenAiAccount(
      h,
      [
        'combos:',
        '  - name: tiered',
        '    strategy: fill-first',
        '    members:',
        '      - model: openai/gpt-4o-mini',
        `      - model: ${CUSTOM.model}`,
        'pricing:',
        `  "openai/gpt-4o-mini": ${PRICE}`,
        'budgets:',
        '  - scope: tier',
        '    id: api-key',
        '    daily: 0.01',
        '    monthly: 100',
        '',
      ].join('\n'),
    );
  });
  after(() => h.close());

  const providerOf = async (res: Response): Promise<string | null> => {
    assert.equal(res.status, 200, await res.clone().text());
    await res.arrayBuffer();
    return res.headers.get('x-omniroute-provider');
  };

  test('the first request spends the api-key tier budget, the next goes to the custom member', async () => {
    const status0 = await h.gateway.control.call('budgets.status', {});
    assert.deepEqual(
      status0.budgets.map((b) => [b.scope, b.id, b.period, b.limit, b.spent, b.remaining, b.exhausted]),
      [
        ['tier', 'api-key', 'daily', 0.01, 0, 0.01, false],
        ['tier', 'api-key', 'monthly', 100, 0, 100, false],
      ],
    );

    assert.equal(await providerOf(await chat(h.url, 'tiered')), 'openai');
    assert.equal(h.mock.requests.filter((r) => r.apiKey === OPENAI_KEY).length, 1);
    const [logged] = await h.gateway.store.requestLogs.recent(1);
    const cost = logged?.costUsd;
    assert.ok(cost !== undefined && cost > 0.01, `one request spends the budget (cost ${String(cost)})`);

    const status1 = await h.gateway.control.call('budgets.status', {});
    const daily = status1.budgets.find((b) => b.period === 'daily');
    const monthly = status1.budgets.find((b) => b.period === 'monthly');
    assert.deepEqual(daily, { scope: 'tier', id: 'api-key', period: 'daily', limit: 0.01, spent: cost, remaining: 0, resetsAt: MIDNIGHT, exhausted: true });
    assert.equal(monthly?.spent, cost);
    assert.equal(monthly?.remaining, 100 - cost);
    assert.equal(monthly?.resetsAt, Date.UTC(2026, 5, 1));

    const before = h.mock.requests.filter((r) => r.apiKey === OPENAI_KEY).length;
    assert.equal(await providerOf(await chat(h.url, 'tiered')), CUSTOM.provider);
    assert.equal(await providerOf(await chat(h.url, 'tiered')), CUSTOM.provider);
    assert.equal(h.mock.requests.filter((r) => r.apiKey === OPENAI_KEY).length, before, 'the spent provider was not called');
  });

  test('the spent provider asked for directly answers 429 naming the budget, Retry-After until midnight', async () => {
    const res = await chat(h.url, 'openai/gpt-4o-mini');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), String((MIDNIGHT - clock.now) / 1000));
    const body = (await res.json()) as { error?: { message?: string } };
    assert.match(body.error?.message ?? '', /the daily budget of tier "api-key" \(\$0\.01\) is spent/);
  });

  test('after UTC midnight the first member is used again', async () => {
    clock.now = MIDNIGHT + 1_000;
    const status = await h.gateway.control.call('budgets.status', {});
    assert.equal(status.budgets.find((b) => b.period === 'daily')?.spent, 0);
    assert.equal(status.budgets.find((b) => b.period === 'daily')?.resetsAt, MIDNIGHT + 24 * 3_600_000);
    assert.ok((status.budgets.find((b) => b.period === 'monthly')?.spent ?? 0) > 0.01, 'the month still counts yesterday');
    assert.equal(await providerOf(await chat(h.url, 'tiered')), 'openai');
  });
});

describe('a gateway key over its daily budget gets a 429 in its own SDK', () => {
  const clock = { now: Date.UTC(2026, 4, 20, 18) };
  const SIX_HOURS = 6 * 3600;
  let h: Harness;
  before(async () => {
    h = await startHarness({
      gateway: { clock: () => clock.now },
      extraConfig: [
        'server:',
        '  apiKeys:',
        '    - { key: trial-secret, label: trial, budget: { daily: 0.001, monthly: 5 } }',
        '    - { key: team-secret, label: team }',
        'pricing:',
        `  "${CUSTOM.model}": ${PRICE}`,
        `  "${UPSTREAMS.anthropic.model}": ${PRICE}`,
        '',
      ].join('\n'),
    });
  });
  after(() => h.close());

  const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  const anthropic = (key: string) => new Anthropic({ apiKey: key, baseURL: h.url, maxRetries: 0 });
  const ask = (key: string) => openai(key).chat.completions.create({ model: CUSTOM.model, messages: [{ role: 'user', content: question() }] });
  const askAnthropic = (key: string) =>
    anthropic(key).messages.create({ model: UPSTREAMS.anthropic.model, max_tokens: 32, messages: [{ role: 'user', content: question() }] });
  const budgetMessage = /gateway key "trial" has spent its daily budget of \$0\.001\. It resets at 2026-05-21T00:00:00\.000Z/;

  test('the first request passes, then both SDKs get a RateLimitError naming the budget', async () => {
    assert.match((await ask('trial-secret')).choices[0]?.message.content ?? '', /^Hello! You said: count my cost/);
    const seen = h.mock.requests.length;

    const refused = await ask('trial-secret').then(
      () => assert.fail('expected a 429'),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof OpenAI.RateLimitError, String(refused));
    assert.equal(refused.status, 429);
    assert.match(refused.message, budgetMessage);
    assert.equal(refused.headers.get('retry-after'), String(SIX_HOURS));

    const refusedA = await askAnthropic('trial-secret').then(
      () => assert.fail('expected a 429'),
      (e: unknown) => e,
    );
    assert.ok(refusedA instanceof Anthropic.RateLimitError, String(refusedA));
    // The SDK's own message is the status and the raw body; the body's message is ours.
    const body: unknown = refusedA.error;
    const inner = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { message?: unknown } }).error : undefined;
    assert.match(String(inner?.message), budgetMessage);
    assert.equal(refusedA.headers?.get('retry-after'), String(SIX_HOURS));
    assert.equal(h.mock.requests.length, seen, 'nothing went upstream for the refused key');

    assert.match((await ask('team-secret')).choices[0]?.message.content ?? '', /^Hello! You said: count my cost/);
    const m = await askAnthropic('team-secret');
    assert.match(m.content[0]?.type === 'text' ? m.content[0].text : '', /^Hello! You said: count my cost/);
  });

  test('budgets.status shows the key budget and each key spend, matching the log', async () => {
    const rows = await h.gateway.store.requestLogs.recent(100);
    const costOf = (label: string) => rows.filter((r) => r.keyLabel === label).reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    const trialRows = rows.filter((r) => r.keyLabel === 'trial');
    assert.deepEqual(
      trialRows.map((r) => r.status).sort(),
      [200, 429, 429],
      'the answered request and both refusals are logged under the key',
    );
    assert.ok(trialRows.filter((r) => r.status === 429).every((r) => r.errorCode === 'rate_limit' && r.costUsd === undefined));
    const trial = costOf('trial');
    const team = costOf('team');
    assert.ok(trial > 0.001 && team > 0, `trial ${trial}, team ${team}: ${JSON.stringify(rows)}`);
    const status = await h.gateway.control.call('budgets.status', {});
    assert.deepEqual(status.budgets, [
      { scope: 'key', id: 'trial', period: 'daily', limit: 0.001, spent: trial, remaining: 0, resetsAt: Date.UTC(2026, 4, 21), exhausted: true },
      { scope: 'key', id: 'trial', period: 'monthly', limit: 5, spent: trial, remaining: 5 - trial, resetsAt: Date.UTC(2026, 5, 1), exhausted: false },
    ]);
    assert.deepEqual(status.keys, [
      { label: 'trial', daily: trial, monthly: trial },
      { label: 'team', daily: team, monthly: team },
    ]);
  });

  test('after a restart the spend is restored from the log and the key is still refused until midnight', async () => {
    const before = await h.gateway.control.call('budgets.status', {});
    await h.restart();
    const after = await h.gateway.control.call('budgets.status', {});
    assert.equal(after.keys.length, before.keys.length);
    for (const k of before.keys) {
      const restored = after.keys.find((x) => x.label === k.label);
      assert.ok(restored && Math.abs(restored.daily - k.daily) < 1e-12 && Math.abs(restored.monthly - k.monthly) < 1e-12, `${k.label} restored`);
    }
    await assert.rejects(ask('trial-secret'), OpenAI.RateLimitError);
    clock.now = Date.UTC(2026, 4, 21, 0, 0, 1);
    assert.match((await ask('trial-secret')).choices[0]?.message.content ?? '', /^Hello! You said: count my cost/);
  });
});
