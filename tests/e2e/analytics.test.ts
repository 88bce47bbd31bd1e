/**
 * Usage analytics over the control API: a known set of requests (successes and failures,
 * two gateway keys, four providers, spread over hours and days by an injected clock) is
 * driven through the gateway, then usage.summary / usage.timeseries / logs.* are checked
 * against the driven set and against figures the test computes itself from the logged rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { LogEntry } from '../../core/control/usage-contract.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const HOUR = 3_600_000;
/** 2024-03-10T10:05:00Z: inside an hour, so buckets start before the first request. */
const T0 = Date.UTC(2024, 2, 10, 10, 5);
const HOUR_A = Date.UTC(2024, 2, 10, 10);
let now = T0;
let h: Harness;
let rows: LogEntry[] = [];

const chat = UPSTREAMS['openai-chat'];
const keysYaml = `server:\n  apiKeys:\n    - key: k-alice-123\n      label: alice\n    - key: k-bob-456\n      label: bob\n`;
const pricingYaml = `pricing:\n  "${chat.provider}/${chat.upstreamModel}": { input: 1, output: 2 }\n`;

function client(key: string): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });
}

async function ask(key: string, model: string, text: string, stream = false): Promise<void> {
  const c = client(key);
  if (stream) {
    const s = await c.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: text }] });
    for await (const chunk of s) void chunk;
    return;
  }
  await c.chat.completions.create({ model, messages: [{ role: 'user', content: text }] });
}

async function fails(p: Promise<void>): Promise<void> {
  await assert.rejects(p);
}

before(async () => {
  h = await startHarness({ extraConfig: keysYaml + pricingYaml, gateway: { clock: () => now } });
  // Hour A: alice 3x chat (one slowed, one streamed), bob 2x anthropic and one chat that fails upstream.
  h.mock.inject({ match: { apiKey: chat.apiKey }, fault: { kind: 'slow-first-byte', ms: 120 } });
  await ask('k-alice-123', chat.model, 'one two three');
  await ask('k-alice-123', chat.model, 'four five', true);
  await ask('k-alice-123', chat.model, 'six');
  h.mock.inject({ match: { apiKey: UPSTREAMS.anthropic.apiKey }, fault: { kind: 'slow-first-byte', ms: 60 } });
  await ask('k-bob-456', UPSTREAMS.anthropic.model, 'seven eight nine ten');
  await ask('k-bob-456', UPSTREAMS.anthropic.model, 'eleven');
  h.mock.inject({ match: { apiKey: chat.apiKey }, fault: { kind: 'status', status: 400 } });
  await fails(ask('k-bob-456', chat.model, 'doomed'));
  // Hour B: alice 2x gemini (one slowed) and a model nobody serves.
  now = T0 + HOUR;
  h.mock.inject({ match: { apiKey: UPSTREAMS.gemini.apiKey }, fault: { kind: 'slow-first-byte', ms: 30 } });
  await ask('k-alice-123', UPSTREAMS.gemini.model, 'twelve thirteen');
  await ask('k-alice-123', UPSTREAMS.gemini.model, 'fourteen', true);
  await fails(ask('k-alice-123', 'nobody/none', 'lost'));
  // The next day: bob once through the Responses upstream.
  now = T0 + 26 * HOUR;
  await ask('k-bob-456', UPSTREAMS['openai-responses'].model, 'fifteen');
  await h.gateway.store.requestLog.flush();
  rows = (await h.gateway.control.call('logs.list', { limit: 500 })).entries;
});
after(() => h.close());

const RANGE = { from: HOUR_A - HOUR, to: HOUR_A + 48 * HOUR };

/** Nearest-rank percentile, computed independently of the gateway. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? null;
}

function expected(group: LogEntry[]) {
  const successes = group.filter((r) => r.status < 400).length;
  const sum = (f: (r: LogEntry) => number | null) => group.reduce((a, r) => a + (f(r) ?? 0), 0);
  return {
    requests: group.length,
    successes,
    successRate: successes / group.length,
    latencyP50: percentile(group.map((r) => r.latencyMs), 50),
    latencyP95: percentile(group.map((r) => r.latencyMs), 95),
    latencyP99: percentile(group.map((r) => r.latencyMs), 99),
    ttftP50: percentile(group.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])), 50),
    tokens: {
      input: sum((r) => r.inputTokens),
      output: sum((r) => r.outputTokens),
      cached: sum((r) => r.cachedTokens),
      cacheWrite: sum((r) => r.cacheWriteTokens),
      reasoning: sum((r) => r.reasoningTokens),
    },
    costUsd: sum((r) => r.costUsd),
    unknownCostRequests: group.filter((r) => r.costUsd === null).length,
  };
}

test('every driven request is logged with its key, and the rows vary enough to test with', () => {
  assert.equal(rows.length, 10);
  assert.equal(rows.filter((r) => r.keyLabel === 'alice').length, 6);
  assert.equal(rows.filter((r) => r.keyLabel === 'bob').length, 4);
  assert.equal(rows.filter((r) => r.status >= 400).length, 2);
  assert.ok(new Set(rows.map((r) => r.latencyMs)).size >= 3, 'latencies differ');
  assert.ok(rows.some((r) => r.costUsd !== null) && rows.some((r) => r.costUsd === null), 'both priced and unpriced rows');
  assert.ok(rows.some((r) => r.ttftMs !== null));
});

test('usage.summary by provider, model, key and account matches the rows', async () => {
  const cases = [
    { groupBy: 'provider', keyOf: (r: LogEntry) => r.providerId },
    { groupBy: 'model', keyOf: (r: LogEntry) => r.requestedModel },
    { groupBy: 'upstreamModel', keyOf: (r: LogEntry) => r.upstreamModel },
    { groupBy: 'key', keyOf: (r: LogEntry) => r.keyLabel },
    { groupBy: 'account', keyOf: (r: LogEntry) => r.connectionId },
  ] as const;
  for (const { groupBy, keyOf } of cases) {
    const summary = await h.gateway.control.call('usage.summary', { ...RANGE, groupBy });
    const keys = new Set(rows.map(keyOf));
    assert.equal(summary.groups.length, keys.size, `${groupBy}: one group per distinct value`);
    for (const g of summary.groups) {
      const { key, label, ...figures } = g;
      const want = expected(rows.filter((r) => keyOf(r) === key));
      assert.deepEqual({ ...figures, costUsd: round(figures.costUsd) }, { ...want, costUsd: round(want.costUsd) }, `${groupBy}=${key}`);
      if (groupBy === 'account' && key !== null) assert.match(label ?? '', /^up-[a-z]+\/main$/);
    }
    const { key: _k, label: _l, ...total } = summary.total;
    const all = expected(rows);
    assert.deepEqual({ ...total, costUsd: round(total.costUsd) }, { ...all, costUsd: round(all.costUsd) });
  }
});

test('usage.summary figures match the driven set', async () => {
  const byProvider = await h.gateway.control.call('usage.summary', { ...RANGE, groupBy: 'provider' });
  const up = (id: string | null) => byProvider.groups.find((g) => g.key === id);
  assert.equal(up('up-chat')?.requests, 4);
  assert.equal(up('up-chat')?.successes, 3);
  assert.equal(up('up-chat')?.successRate, 0.75);
  assert.equal(up('up-anth')?.requests, 2);
  assert.equal(up('up-gem')?.requests, 2);
  assert.equal(up('up-resp')?.requests, 1);
  assert.equal(up(null)?.successes, 0, 'the unroutable model has no provider');
  assert.ok((up('up-chat')?.latencyP99 ?? 0) >= 120, 'the slowed request is the slowest chat request');
  const byKey = await h.gateway.control.call('usage.summary', { ...RANGE, groupBy: 'key' });
  assert.deepEqual(byKey.groups.map((g) => [g.key, g.requests, g.successes]), [
    ['alice', 6, 5],
    ['bob', 4, 3],
  ]);
  // A narrower range and a filter select fewer rows.
  const hourB = await h.gateway.control.call('usage.summary', { from: HOUR_A + HOUR, to: HOUR_A + 2 * HOUR, groupBy: 'none' });
  assert.equal(hourB.total.requests, 3);
  const bobOnly = await h.gateway.control.call('usage.summary', { ...RANGE, groupBy: 'provider', key: 'bob' });
  assert.deepEqual(bobOnly.groups.map((g) => g.key).sort(), ['up-anth', 'up-chat', 'up-resp']);
});

test('usage.timeseries buckets by UTC hour, day and month, empty buckets included', async () => {
  const hourly = await h.gateway.control.call('usage.timeseries', { from: HOUR_A, to: HOUR_A + 48 * HOUR, bucket: 'hour' });
  assert.equal(hourly.points.length, 48);
  assert.equal(hourly.points[0]?.start, HOUR_A);
  const counts = hourly.points.map((p) => p.requests);
  assert.equal(counts[0], 6);
  assert.equal(counts[1], 3);
  assert.equal(counts[26], 1);
  assert.equal(counts.reduce((a, b) => a + b, 0), 10);
  const hourA = rows.filter((r) => r.ts >= HOUR_A && r.ts < HOUR_A + HOUR);
  assert.deepEqual(hourly.points[0]?.tokens, expected(hourA).tokens);
  assert.equal(round(hourly.points[0]?.costUsd ?? -1), round(expected(hourA).costUsd));

  const daily = await h.gateway.control.call('usage.timeseries', { from: HOUR_A, to: HOUR_A + 48 * HOUR, bucket: 'day' });
  assert.deepEqual(
    daily.points.map((p) => [new Date(p.start).toISOString(), p.requests, p.successes]),
    [
      ['2024-03-10T00:00:00.000Z', 9, 7],
      ['2024-03-11T00:00:00.000Z', 1, 1],
      ['2024-03-12T00:00:00.000Z', 0, 0],
    ],
  );
  const monthly = await h.gateway.control.call('usage.timeseries', { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 4, 1), bucket: 'month' });
  assert.deepEqual(
    monthly.points.map((p) => [new Date(p.start).toISOString().slice(0, 7), p.requests, round(p.costUsd)]),
    [
      ['2024-02', 0, 0],
      ['2024-03', 10, round(expected(rows).costUsd)],
      ['2024-04', 0, 0],
    ],
  );
  const anthOnly = await h.gateway.control.call('usage.timeseries', { from: HOUR_A, to: HOUR_A + HOUR, bucket: 'hour', provider: 'up-anth' });
  assert.equal(anthOnly.points[0]?.requests, 2);
});

test('a range too long for its bucket, or reversed, is invalid input', async () => {
  await assert.rejects(h.gateway.control.call('usage.timeseries', { from: 0, to: 100 * 365 * 24 * HOUR, bucket: 'hour' }), /too many buckets/);
  await assert.rejects(h.gateway.control.call('usage.summary', { from: 10, to: 5, groupBy: 'none' }), /after/);
});

test('logs.list pages newest first with a cursor and filters; logs.get returns one row', async () => {
  const seen: LogEntry[] = [];
  let before: { ts: number; id: string } | undefined;
  for (;;) {
    const page = await h.gateway.control.call('logs.list', { limit: 3, ...(before ? { before } : {}) });
    seen.push(...page.entries);
    if (page.next === null) break;
    before = page.next;
  }
  assert.deepEqual(
    seen.map((r) => r.id),
    rows.map((r) => r.id),
  );
  assert.equal(new Set(seen.map((r) => r.id)).size, 10);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.ts >= seen[i]!.ts);

  const errors = await h.gateway.control.call('logs.list', { limit: 50, status: 'error' });
  assert.deepEqual(errors.entries.map((r) => r.status).sort(), [400, 404]);
  const notFound = await h.gateway.control.call('logs.list', { limit: 50, status: 404 });
  assert.equal(notFound.entries[0]?.requestedModel, 'nobody/none');
  const bob = await h.gateway.control.call('logs.list', { limit: 50, key: 'bob', provider: 'up-chat' });
  assert.equal(bob.entries.length, 1);
  assert.equal(bob.entries[0]?.errorCode !== null, true);
  const gem = await h.gateway.control.call('logs.list', { limit: 50, model: UPSTREAMS.gemini.upstreamModel });
  assert.equal(gem.entries.length, 2);

  const one = rows.find((r) => r.providerId === 'up-chat' && r.status === 200)!;
  const got = await h.gateway.control.call('logs.get', { id: one.id });
  assert.deepEqual(got?.entry, one);
  assert.equal(got?.entry.attempts, 1);
  assert.ok((got?.entry.costUsd ?? 0) > 0);
  assert.equal(await h.gateway.control.call('logs.get', { id: 'no-such-request' }), null);
});

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}
