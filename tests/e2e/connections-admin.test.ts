/**
 * Issue 11, first part: accounts edited at runtime through the control API, over HTTP with a
 * dashboard session as the browser dashboard calls it. Each change applies to routing at once
 * (no restart; a request already streaming keeps its account), file-declared entries are
 * refused, bad input gets a clear message and changes nothing, and every change is in the
 * audit log with who made it and no secret.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callControl, logIn, type ControlReply, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const CHAT = UPSTREAMS['openai-chat'];
const NEW_KEY = 'key-second-account-51f2';
const REPLACED_KEY = 'key-replaced-9c07';

let h: Harness;
let login: ManagementLogin;
before(async () => {
  h = await startHarness();
  login = await logIn(h.gateway.loginLink());
});
after(() => h.close());

type Reply = ControlReply;
const control = (method: string, input: unknown): Promise<Reply> => callControl(h.url, login, method, input);

async function chatVia(text: string): Promise<{ status: number; account: string | null; key: string | undefined }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: CHAT.model, messages: [{ role: 'user', content: text }] }),
  });
  await res.text();
  return { status: res.status, account: res.headers.get('x-omniroute-account'), key: h.mock.requests.at(-1)?.apiKey };
}

type View = { id: string; provider: string; label: string; enabled: boolean; hasKey: boolean; source: string; baseUrl: string | null; priority: number };

test('the file-declared accounts are listed as such, with no key in sight', async () => {
  const list = await control('connections.list', {});
  assert.equal(list.status, 200);
  const rows = list.body as unknown as View[];
  assert.equal(rows.length, 4);
  for (const row of rows) {
    assert.equal(row.source, 'file');
    assert.equal(row.hasKey, true);
  }
  assert.doesNotMatch(JSON.stringify(rows), /key-up-/);
});

let created: View;

test('a new account answers the next request, without a restart', async () => {
  const res = await control('connections.create', { provider: CHAT.provider, label: 'second', apiKey: NEW_KEY, priority: 1 });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  created = res.body as unknown as View;
  assert.equal(created.source, 'user');
  assert.equal(created.hasKey, true);
  assert.doesNotMatch(JSON.stringify(res.body), new RegExp(NEW_KEY), 'the key is never given back');
  const next = await chatVia('to the new account');
  assert.equal(next.status, 200);
  assert.equal(next.account, 'second');
  assert.equal(next.key, NEW_KEY);
});

test('bad input is refused with a clear message and changes nothing', async () => {
  const before = JSON.stringify((await control('connections.list', {})).body);
  const cases: Array<[unknown, RegExp]> = [
    [{ provider: CHAT.provider, label: 'second', apiKey: 'another-key' }, /already has a connection labelled "second"/],
    [{ provider: 'no-such-provider', label: 'x', apiKey: 'k' }, /no provider "no-such-provider"/],
    [{ provider: CHAT.provider, label: 'spaced', apiKey: 'has a space' }, /apiKey.*printable characters without spaces/s],
    [{ provider: CHAT.provider, label: 'bad/label', apiKey: 'k' }, /label/],
    [{ provider: CHAT.provider, label: 'url', apiKey: 'k', baseUrl: 'file:///etc/passwd' }, /baseUrl.*http or https/s],
    [{ provider: CHAT.provider, label: 'extra', apiKey: 'k', surprise: 1 }, /surprise|unrecognized/i],
  ];
  for (const [input, message] of cases) {
    const res = await control('connections.create', input);
    assert.equal(res.status, 400, JSON.stringify(input));
    assert.equal(res.body.error?.code, 'invalid_input');
    assert.match(res.body.error?.message ?? '', message, JSON.stringify(res.body));
  }
  assert.equal(JSON.stringify((await control('connections.list', {})).body), before);
});

test('an account made in the app outlives a restart with its config file (only file entries follow the file)', async () => {
  await h.restart();
  login = await logIn(h.gateway.loginLink());
  const rows = (await control('connections.list', {})).body as unknown as View[];
  assert.ok(rows.some((r) => r.id === created.id && r.source === 'user' && r.hasKey));
  const next = await chatVia('after a restart');
  assert.equal(next.account, 'second');
  assert.equal(next.key, NEW_KEY);
});

test('a disabled account gets no request; enabled again, it does; a rename keeps its id', async () => {
  assert.equal((await control('connections.update', { id: created.id, enabled: false })).status, 200);
  const off = await chatVia('while disabled');
  assert.equal(off.account, 'main');
  assert.equal(off.key, CHAT.apiKey);

  const renamed = await control('connections.update', { id: created.id, enabled: true, label: 'renamed' });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal((renamed.body as unknown as View).id, created.id, 'same account, same id');
  const on = await chatVia('after the rename');
  assert.equal(on.account, 'renamed');
  assert.equal(on.key, NEW_KEY, 'the key moved with the label');
});

test('a new address needs the key entered again; with it, both change', async () => {
  const moved = await control('connections.update', { id: created.id, baseUrl: `${h.mock.url}/v1/` });
  assert.equal(moved.status, 400);
  assert.match(moved.body.error?.message ?? '', /enter the key again/);
  const withKey = await control('connections.update', { id: created.id, baseUrl: `${h.mock.url}/v1`, apiKey: REPLACED_KEY });
  assert.equal(withKey.status, 200, JSON.stringify(withKey.body));
  const next = await chatVia('with the replaced key');
  assert.equal(next.key, REPLACED_KEY);
});

test('file-declared accounts are refused for edit and delete, naming the file', async () => {
  const main = ((await control('connections.list', {})).body as unknown as View[]).find((r) => r.provider === CHAT.provider && r.label === 'main')!;
  for (const [method, input] of [
    ['connections.update', { id: main.id, enabled: false }],
    ['connections.delete', { id: main.id }],
  ] as const) {
    const res = await control(method, input);
    assert.equal(res.status, 400);
    assert.ok(res.body.error?.message.includes(h.configPath), res.body.error?.message);
  }
  assert.equal((await chatVia('main still serves')).status, 200);
});

test('a request already streaming keeps its account when that account is disabled meanwhile', async () => {
  h.mock.inject({ match: { apiKey: REPLACED_KEY }, fault: { kind: 'slow-stream', delayMs: 60, extraTextEvents: 10 } });
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: CHAT.model, stream: true, messages: [{ role: 'user', content: 'long answer' }] }),
  });
  assert.equal(res.headers.get('x-omniroute-account'), 'renamed');
  const reading = res.text();
  assert.equal((await control('connections.update', { id: created.id, enabled: false })).status, 200);
  const text = await reading;
  assert.match(text, /\[DONE\]/, 'the stream finished');
  assert.equal((await chatVia('after disabling')).account, 'main');
});

test('a deleted account is gone from routing and its key from the secret store', async () => {
  assert.equal((await control('connections.update', { id: created.id, enabled: true })).status, 200);
  const del = await control('connections.delete', { id: created.id });
  assert.equal(del.status, 200, JSON.stringify(del.body));
  const next = await chatVia('after delete');
  assert.equal(next.account, 'main');
  const rows = (await control('connections.list', {})).body as unknown as View[];
  assert.equal(rows.some((r) => r.id === created.id), false);
  const missing = await control('connections.delete', { id: created.id });
  assert.equal(missing.status, 400);
});

test('the audit log names each change, who made it and when, and holds no key', async () => {
  const res = await control('audit.list', { limit: 50 });
  assert.equal(res.status, 200);
  const rows = res.body as unknown as Array<{ actor: string; action: string; target: string; ts: number; detail: Record<string, unknown> }>;
  const actions = rows.map((r) => `${r.action} ${r.target}`).reverse();
  assert.deepEqual(actions, [
    'connections.create up-chat/second',
    'connections.update up-chat/second',
    'connections.update up-chat/renamed',
    'connections.update up-chat/renamed',
    'connections.update up-chat/renamed',
    'connections.update up-chat/renamed',
    'connections.delete up-chat/renamed',
  ]);
  for (const row of rows) {
    assert.match(row.actor, /^dashboard session [0-9a-f]{8}$/);
    assert.ok(Math.abs(Date.now() - row.ts) < 120_000);
  }
  const text = JSON.stringify(rows);
  for (const key of [NEW_KEY, REPLACED_KEY]) assert.ok(!text.includes(key), 'no key in the audit log');
  assert.ok(rows.some((r) => r.detail.keyReplaced === true), 'a key change is recorded as a fact');
  // Refused changes changed nothing, so they are not in it.
  assert.equal(rows.length, 7);
});

test('an account made in the app takes billing and quota windows like the file’s, counted and priced from the next request', async () => {
  await createRefused(
    { provider: CHAT.provider, label: 'bad-window', apiKey: 'k', quota: [{ kind: 'rolling', limit: 10, unit: 'requests' }] },
    /rolling and fixed windows need hours/,
  );
  const made = await control('connections.create', {
    provider: CHAT.provider,
    label: 'plan',
    apiKey: 'key-plan-account-3a1e',
    priority: 0,
    billing: 'subscription',
    quota: [{ kind: 'daily', limit: 50, unit: 'requests' }],
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const plan = made.body as unknown as View & { billing: string; quota: unknown[] };
  assert.equal(plan.billing, 'subscription');
  assert.deepEqual(plan.quota, [{ kind: 'daily', limit: 50, unit: 'requests' }]);
  const served = await chatVia('on the plan');
  assert.equal(served.account, 'plan');
  await h.gateway.store.requestLog.flush();
  const [row] = (await h.gateway.control.call('logs.list', { limit: 1 })).entries;
  assert.equal(row?.costUsd, 0, 'a subscription account costs nothing per request');
  const quota = await h.gateway.control.call('quota.status', {});
  const windows = quota.connections.find((c) => c.connectionId === plan.id)?.windows ?? [];
  assert.equal(windows.length, 1);
  assert.equal(windows[0]?.limit, 50);
  assert.equal(windows[0]?.used, 1, 'the request counted against the window');

  // Back to the provider's own windows and metered billing.
  const reset = await control('connections.update', { id: plan.id, quota: null, billing: 'metered' });
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assert.equal((reset.body as { quota: unknown }).quota, null);
  assert.equal((await h.gateway.control.call('quota.status', {})).connections.find((c) => c.connectionId === plan.id)?.windows.length ?? 0, 0);
  await control('connections.delete', { id: plan.id });
});

async function createRefused(input: unknown, message: RegExp): Promise<void> {
  const res = await control('connections.create', input);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.body.error?.message ?? '', message);
}
