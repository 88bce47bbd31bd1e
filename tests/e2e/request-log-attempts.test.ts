/**
 * The request log keeps each upstream attempt of a request (issue 13): logs.get lists them in
 * order with the upstream status and the gateway's error code, never the upstream's words.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { openai } from './routing-fixtures.js';

const CHAT = UPSTREAMS['openai-chat'];
const ANTH = UPSTREAMS.anthropic;

let h: Harness;
before(async () => {
  h = await startHarness({
    extraConfig: ['combos:', '  - name: pair', '    members:', `      - model: ${CHAT.model}`, `      - model: ${ANTH.model}`, ''].join('\n'),
  });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

/** One chat completion through the combo; its request id. */
async function ask(prompt: string): Promise<string> {
  const { response } = await openai(h).chat.completions.create({ model: 'pair', messages: [{ role: 'user', content: prompt }] }).withResponse();
  const id = response.headers.get('x-request-id');
  assert.ok(id);
  await h.gateway.store.requestLog.flush();
  return id;
}

test('a combo whose first member fails: logs.get lists both attempts, the failure with its status and code', async () => {
  // The upstream's error text echoes the key, as some providers do: it must not reach the log.
  h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'status', status: 503, body: { error: { message: `overloaded for ${CHAT.apiKey}` } } } });
  const id = await ask('first fails');
  const detail = await h.gateway.control.call('logs.get', { id });
  assert.ok(detail);
  assert.equal(detail.entry.attempts, 2);
  assert.equal(detail.entry.fallbacks, 1);
  const list = detail.attemptList ?? [];
  assert.deepEqual(
    list.map((a) => [a.n, a.providerId, a.upstreamModel, a.upstreamFormat, a.status, a.outcome]),
    [
      [1, 'up-chat', CHAT.upstreamModel, 'openai-chat', 503, 'failed'],
      [2, 'up-anth', ANTH.upstreamModel, 'anthropic', 200, 'answered'],
    ],
  );
  assert.equal(list[0]?.errorCode, 'overloaded');
  assert.equal(list[1]?.errorCode, null);
  assert.equal(list[0]?.accountLabel, 'main');
  const connections = await h.gateway.store.connections.list();
  assert.equal(list[0]?.connectionId, connections.find((c) => c.providerId === 'up-chat')?.id);
  assert.ok(list.every((a) => a.durationMs >= 0));
  assert.equal(detail.attemptsOmitted, 0);

  // What is on disk: codes and statuses only.
  const db = new Database(h.gateway.store.requestLogPath, { readonly: true });
  try {
    const row: unknown = db.prepare('SELECT attempt_list FROM request_log WHERE id = ?').get(id);
    const text = typeof row === 'object' && row !== null && 'attempt_list' in row ? String(row.attempt_list) : '';
    assert.match(text, /"errorCode":"overloaded"/);
    assert.doesNotMatch(text, new RegExp(`${CHAT.apiKey}|overloaded for`));
  } finally {
    db.close();
  }

  // logs.list stays light: no attempt lists in it.
  const page = await h.gateway.control.call('logs.list', { limit: 5 });
  assert.ok(page.entries.some((e) => e.id === id));
  assert.ok(page.entries.every((e) => !('attemptList' in e)));
});

test('a connection dropped before any answer is listed with no status', async () => {
  h.mock.inject({ match: { apiKey: CHAT.apiKey }, fault: { kind: 'drop-before-headers' } });
  const id = await ask('dropped');
  const detail = await h.gateway.control.call('logs.get', { id });
  const list = detail?.attemptList ?? [];
  assert.deepEqual(
    list.map((a) => [a.providerId, a.status, a.outcome]),
    [
      ['up-chat', null, 'failed'],
      ['up-anth', 200, 'answered'],
    ],
  );
  assert.equal(typeof list[0]?.errorCode, 'string');
});

test('a request that reached no upstream has no attempt list', async () => {
  await openai(h).chat.completions.create({ model: 'nobody/none', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
  await h.gateway.store.requestLog.flush();
  const row = (await h.gateway.store.requestLogs.recent(5)).find((r) => r.requestedModel === 'nobody/none');
  assert.ok(row);
  const detail = await h.gateway.control.call('logs.get', { id: row.id });
  assert.equal(detail?.attemptList, null);
});
