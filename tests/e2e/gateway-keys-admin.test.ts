/**
 * Issue 11: gateway API keys made in the app. A key is shown once and stored only as a
 * hash; the official SDK works with it at once; revoked, expired and rotated-away keys get
 * a 401; a scoped key gets a 403 for any other model, in the client's own format.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { callControl, logIn, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { filesUnder } from '../fixtures/files-under.js';

let h: Harness;
let login: ManagementLogin;
/** Moves the gateway's clock, to expire a key without waiting. */
let skewMs = 0;
before(async () => {
  h = await startHarness({ gateway: { clock: () => Date.now() + skewMs } });
  login = await logIn(h.gateway.loginLink());
});
after(() => h.close());

const control = <T>(method: string, input: unknown) => callControl<T>(h.url, login, method, input);

type Issued = { key: string; view: { id: string; label: string; hint: string; scopes: string[]; revokedAt: number | null } };

function client(key: string): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });
}

async function chatStatus(key: string, model = UPSTREAMS['openai-chat'].model): Promise<number> {
  try {
    await client(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    return 200;
  } catch (e) {
    if (e instanceof OpenAI.APIError && e.status !== undefined) return e.status;
    throw e;
  }
}

let first: Issued;

test('with no key the gateway is open; the first key made closes it to everyone without one', async () => {
  assert.equal(await chatStatus('anything'), 200, 'no keys yet: open, as before');
  const made = await control<Issued>('keys.create', { label: 'laptop' });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  first = made.body;
  assert.match(first.key, /^omr-[A-Za-z0-9_-]{43}$/);
  assert.ok(first.key.startsWith(first.view.hint));
  assert.equal(await chatStatus(first.key), 200, 'the SDK works with it at once');
  assert.equal(await chatStatus('anything'), 401);
  // Shown once: the list has its hint, never the key.
  const list = await control<unknown[]>('keys.list', {});
  assert.doesNotMatch(JSON.stringify(list.body), new RegExp(first.key));
  // And no file the gateway writes holds it: only its hash is stored.
  for (const file of filesUnder(h.dataDir)) assert.ok(!readFileSync(file).toString('latin1').includes(first.key), file);
});

test('a scoped key may use only its models: a 403 in the client\'s own format for others', async () => {
  const scoped = (await control<Issued>('keys.create', { label: 'gemini-only', scopes: ['up-gem/*'] })).body;
  assert.equal(await chatStatus(scoped.key, UPSTREAMS.gemini.model), 200);
  assert.equal(await chatStatus(scoped.key, UPSTREAMS['openai-chat'].model), 403);
  const anthropic = new Anthropic({ apiKey: scoped.key, baseURL: h.url, maxRetries: 0 });
  await assert.rejects(
    anthropic.messages.create({ model: UPSTREAMS.anthropic.model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    (e: unknown) => e instanceof Anthropic.PermissionDeniedError && /may not use the model/.test(e.message),
  );
  // Its model list shows only what it may use.
  const listed = (await client(scoped.key).models.list()).data.map((m) => m.id);
  assert.deepEqual(listed, [UPSTREAMS.gemini.model]);
  assert.ok((await client(first.key).models.list()).data.length > 1, 'an unscoped key sees every model');
  // Widened, it may.
  await control('keys.update', { id: scoped.view.id, scopes: ['up-gem/*', UPSTREAMS['openai-chat'].model] });
  assert.equal(await chatStatus(scoped.key, UPSTREAMS['openai-chat'].model), 200);
});

test('a rotated key stops working at once and its new key works; a revoked key gets a 401', async () => {
  const rotated = await control<Issued>('keys.rotate', { id: first.view.id });
  assert.equal(rotated.status, 200);
  assert.notEqual(rotated.body.key, first.key);
  assert.equal(rotated.body.view.label, 'laptop');
  assert.equal(await chatStatus(first.key), 401);
  assert.equal(await chatStatus(rotated.body.key), 200);

  const revoked = await control<Issued['view']>('keys.revoke', { id: first.view.id });
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.revokedAt !== null);
  assert.equal(await chatStatus(rotated.body.key), 401);
  const again = await control('keys.rotate', { id: first.view.id });
  assert.equal(again.status, 400, 'a revoked key is not brought back by a rotate');
});

test('an expired key gets a 401; a label can be used once; an expiry in the past is refused', async () => {
  const soon = (await control<Issued>('keys.create', { label: 'ci', expiresAt: Date.now() + 60_000 })).body;
  assert.equal(await chatStatus(soon.key), 200);
  skewMs = 120_000;
  try {
    assert.equal(await chatStatus(soon.key), 401);
  } finally {
    skewMs = 0;
  }
  const dup = await control('keys.create', { label: 'ci' });
  assert.equal(dup.status, 400);
  assert.match(dup.body.error?.message ?? '', /already labelled "ci"/);
  const past = await control('keys.create', { label: 'old', expiresAt: Date.now() - 1000 });
  assert.equal(past.status, 400);
});

test('the request log names the key that made each request; the audit log names each change and holds no key', async () => {
  await h.gateway.store.requestLog.flush();
  const logs = await h.gateway.control.call('logs.list', { limit: 100 });
  assert.ok(logs.entries.some((e) => e.keyLabel === 'gemini-only'));
  // The keys page shows when each key was last used: the newest of its log rows.
  const listed = await control<Array<{ label: string; lastUsedAt: number | null; spentThisMonthUsd: number }>>('keys.list', {});
  const newest = Math.max(...logs.entries.filter((e) => e.keyLabel === 'gemini-only').map((e) => e.ts));
  assert.equal(listed.body.find((k) => k.label === 'gemini-only')?.lastUsedAt, newest);
  assert.equal(typeof listed.body.find((k) => k.label === 'gemini-only')?.spentThisMonthUsd, 'number');
  const audit = await control<Array<{ action: string; target: string }>>('audit.list', {});
  const actions = audit.body.map((r) => `${r.action} ${r.target}`).reverse();
  assert.deepEqual(actions, ['keys.create laptop', 'keys.create gemini-only', 'keys.update gemini-only', 'keys.rotate laptop', 'keys.revoke laptop', 'keys.create ci']);
  assert.doesNotMatch(JSON.stringify(audit.body), /omr-[A-Za-z0-9_-]{43}/);
  await control('keys.create', { label: 'never-used' });
  const fresh = await control<Array<{ label: string; lastUsedAt: number | null; spentThisMonthUsd: number }>>('keys.list', {});
  assert.deepEqual(
    fresh.body.filter((k) => k.label === 'never-used').map((k) => [k.lastUsedAt, k.spentThisMonthUsd]),
    [[null, 0]],
    'a key never used says so',
  );
});

