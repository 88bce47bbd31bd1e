/**
 * Issue 11: everything set up through the control API, over HTTP with a dashboard session as
 * the browser dashboard calls it: the catalogue, a custom provider, an account test against
 * the strict mock, model-list refresh, combos, aliases and settings. Each edit applies to the
 * next request without a restart, the config file's entries are refused with the file's
 * path, bad input changes nothing, and every change is audited without a secret.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callControl, logIn, type ControlReply, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const CHAT = UPSTREAMS['openai-chat'];
const ANTH = UPSTREAMS.anthropic;
const LOCAL_KEY = 'key-local-account-7d31';

let h: Harness;
let login: ManagementLogin;
before(async () => {
  h = await startHarness({
    extraConfig: ['routing:', '  maxAttempts: 4', 'combos:', `  - { name: file-combo, members: [{ model: ${CHAT.model} }] }`, 'aliases:', `  file-alias: ${CHAT.model}`, ''].join('\n'),
  });
  login = await logIn(h.gateway.loginLink());
});
after(() => h.close());

type Reply = ControlReply;
const control = (method: string, input: unknown): Promise<Reply> => callControl(h.url, login, method, input);

async function ok(method: string, input: unknown): Promise<Record<string, unknown>> {
  const reply = await control(method, input);
  assert.equal(reply.status, 200, `${method}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function refused(method: string, input: unknown, message: RegExp): Promise<void> {
  const reply = await control(method, input);
  assert.equal(reply.status, 400, `${method} should be refused: ${JSON.stringify(reply.body)}`);
  assert.equal(reply.body.error?.code, 'invalid_input');
  assert.match(reply.body.error?.message ?? '', message);
}

async function chat(model: string): Promise<{ status: number; key: string | undefined; model: string | undefined; body: string }> {
  const before = h.mock.requests.length;
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
  const body = await res.text();
  const sent = h.mock.requests.length > before ? h.mock.requests.at(-1) : undefined;
  return { status: res.status, key: sent?.apiKey, model: sent?.model, body };
}

async function listedModels(): Promise<string[]> {
  const res = await fetch(`${h.url}/v1/models`);
  return ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
}

type Entry = { id: string; source: string; docsUrl: string | null; keyUrl: string | null; keyPrefix: string | null; models: Array<{ id: string }>; modelsRefreshedAt: number | null; connectionCount: number };

test('the catalogue lists the built-in providers with their pages, and the file’s own as the file’s', async () => {
  const entries = (await ok('providers.catalogue', {})) as unknown as Entry[];
  const groq = entries.find((e) => e.id === 'groq');
  assert.equal(groq?.source, 'builtin');
  assert.match(groq?.docsUrl ?? '', /^https:\/\/console\.groq\.com\//);
  assert.equal(groq?.keyPrefix, 'gsk_');
  const fromFile = entries.find((e) => e.id === CHAT.provider);
  assert.equal(fromFile?.source, 'file');
  assert.equal(fromFile?.connectionCount, 1);
  await refused('providers.update', { id: CHAT.provider, name: 'renamed' }, new RegExp(`declared in the config file ${h.configPath}`));
  await refused('providers.delete', { id: 'openai' }, /built-in provider/);
});

let accountId: string;

test('a custom provider made in the app takes an account, and the test reaches it through the routing path', async () => {
  const created = await ok('providers.create', { id: 'local', name: 'Local server', format: 'openai-chat', baseUrl: `${h.mock.url}/v1`, models: ['gpt-4o'] });
  assert.equal(created.source, 'user');
  await refused('providers.create', { id: 'local', format: 'openai-chat', baseUrl: `${h.mock.url}/v1` }, /already exists/);
  await refused('providers.create', { id: 'Bad Id', format: 'openai-chat', baseUrl: `${h.mock.url}/v1` }, /lowercase letters, digits and dashes/);
  await refused('providers.create', { id: 'other', format: 'openai-chat', baseUrl: 'ftp://example/' }, /http:\/\/ or https:\/\//);

  const account = await ok('connections.create', { provider: 'local', label: 'desk', apiKey: LOCAL_KEY });
  accountId = account.id as string;
  const tested = await ok('connections.test', { id: accountId });
  assert.equal(tested.ok, true, JSON.stringify(tested));
  assert.equal(tested.model, 'gpt-4o');
  assert.equal(tested.status, 200);
  assert.ok(typeof tested.latencyMs === 'number' && tested.latencyMs >= 0);
  assert.deepEqual(tested.models, ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'gpt-5']);
  const sent = h.mock.requests.at(-1);
  assert.equal(sent?.apiKey, LOCAL_KEY);
  assert.equal((sent?.body as { max_tokens?: number }).max_tokens, 1, 'the test spends one token');

  // The provider's own words when it refuses, as text.
  h.mock.inject({ match: { apiKey: LOCAL_KEY }, fault: { kind: 'status', status: 401 }, times: 2 });
  const failed = await ok('connections.test', { id: accountId });
  assert.equal(failed.ok, false);
  assert.equal(failed.status, 401);
  assert.match(String(failed.message), /\S/);
  assert.doesNotMatch(JSON.stringify(failed), new RegExp(LOCAL_KEY));
});

test('a refreshed model list comes from the provider’s /models and is routable at once', async () => {
  assert.ok(!(await listedModels()).includes('local/o4-mini'));
  const refreshed = await ok('models.refresh', { provider: 'local' });
  assert.deepEqual(refreshed.models, ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'gpt-5']);
  assert.ok((await listedModels()).includes('local/o4-mini'));
  const entry = ((await ok('providers.catalogue', {})) as unknown as Entry[]).find((e) => e.id === 'local');
  assert.equal(typeof entry?.modelsRefreshedAt, 'number');
  await refused('models.refresh', { provider: 'groq' }, /Add an account to "groq" first/);
});

test('a combo made in the app answers the next request, follows its order, and stops when disabled', async () => {
  const combo = await ok('combos.create', { name: 'team', members: [{ model: 'local/gpt-4o' }, { model: ANTH.model }] });
  assert.equal(combo.strategy, 'fill-first');
  assert.equal(combo.source, 'user');
  let reply = await chat('team');
  assert.equal(reply.status, 200, reply.body);
  assert.equal(reply.key, LOCAL_KEY);

  await ok('combos.reorder', { name: 'team', order: [1, 0] });
  reply = await chat('team');
  assert.equal(reply.status, 200, reply.body);
  assert.equal(reply.key, ANTH.apiKey, 'the member now first answers');

  await ok('combos.enable', { name: 'team', enabled: false });
  reply = await chat('team');
  assert.notEqual(reply.status, 200);
  assert.equal(reply.key, undefined, 'a disabled combo sends nothing upstream');
  assert.ok(!(await listedModels()).includes('team'));
  await ok('combos.enable', { name: 'team', enabled: true });
  assert.equal((await chat('team')).status, 200);

  const renamed = await ok('combos.update', { name: 'team', rename: 'squad', strategy: 'round-robin', sticky: 2 });
  assert.equal(renamed.name, 'squad');
  assert.equal(renamed.sticky, 2);
  assert.equal((await chat('squad')).status, 200);
  assert.notEqual((await chat('team')).status, 200);
});

test('combo edits the file would refuse are refused here with the same words, and change nothing', async () => {
  const before = JSON.stringify((await ok('combos.list', {})));
  await refused('combos.create', { name: 'squad', members: [{ model: 'local/gpt-4o' }] }, /already exists/);
  await refused('combos.create', { name: 'x', members: [{ model: 'nowhere/m' }] }, /members\.0\.model: unknown provider "nowhere"/);
  await refused('combos.create', { name: 'x', members: [{ model: 'local/gpt-4o', connection: 'nobody' }] }, /no connection labelled "nobody" for provider "local"/);
  await refused('combos.create', { name: 'x', members: [] }, /a combo needs at least one member/);
  await refused('combos.create', { name: 'bad name', members: [{ model: 'local/gpt-4o' }] }, /only letters, digits/);
  await refused('combos.reorder', { name: 'squad', order: [0, 0] }, /each of the 2 member positions/);
  await refused('combos.update', { name: 'file-combo', strategy: 'p2c' }, new RegExp(`declared in the config file ${h.configPath}`));
  await refused('combos.delete', { name: 'file-combo' }, /declared in the config file/);
  assert.equal(JSON.stringify(await ok('combos.list', {})), before);
  const list = (await ok('combos.list', {})) as unknown as Array<{ name: string; source: string }>;
  assert.deepEqual(list.map((c) => [c.name, c.source]), [['file-combo', 'file'], ['squad', 'user']]);
});

test('a provider in use is not deleted: first its accounts, then the combos that name it', async () => {
  await refused('providers.delete', { id: 'local' }, /still has 1 account\(s\) \(desk\)/);
  await ok('providers.create', { id: 'spare', format: 'openai-chat', baseUrl: `${h.mock.url}/v1`, models: ['gpt-4o'] });
  await ok('combos.create', { name: 'uses-spare', members: [{ model: 'spare/gpt-4o' }] });
  await refused('providers.delete', { id: 'spare' }, /used by the combo\(s\) "uses-spare"/);
  await ok('combos.delete', { name: 'uses-spare' });
  await ok('providers.delete', { id: 'spare' });
  assert.ok(!((await ok('providers.catalogue', {})) as unknown as Entry[]).some((e) => e.id === 'spare'));
});

test('an alias set in the app routes at once and stops when deleted; bad ones are refused', async () => {
  await ok('aliases.set', { from: 'my-fast', to: 'squad' });
  assert.equal((await chat('my-fast')).status, 200);
  await refused('aliases.set', { from: 'claude-*', to: 'anthropic/claude' }, /wildcard alias ends in "\*" on both sides/);
  await refused('aliases.set', { from: 'file-alias', to: 'squad' }, /declared in the config file/);
  await ok('aliases.delete', { from: 'my-fast' });
  assert.notEqual((await chat('my-fast')).status, 200);
  await refused('aliases.delete', { from: 'my-fast' }, /no alias "my-fast"/);
});

type Setting = { key: string; value: unknown; source: string; appliesAt: string; pendingRestart: boolean };
const setting = async (key: string) => ((await ok('settings.get', {})).settings as Setting[]).find((s) => s.key === key);

test('settings: live ones apply to the next request, host and port wait for a restart, the file’s are the file’s', async () => {
  assert.equal((await setting('routing.maxAttempts'))?.source, 'file');
  await refused('settings.update', { values: { 'routing.maxAttempts': 2 } }, new RegExp(`routing.maxAttempts is set in the config file ${h.configPath}`));

  await ok('settings.update', { values: { 'routing.systemPrompt': 'Answer like a pirate.' } });
  await chat(CHAT.model);
  assert.match(JSON.stringify(h.mock.requests.at(-1)?.body), /Answer like a pirate\./);
  await ok('settings.update', { values: { 'routing.systemPrompt': null } });
  await chat(CHAT.model);
  assert.doesNotMatch(JSON.stringify(h.mock.requests.at(-1)?.body), /pirate/);

  await ok('settings.update', { values: { 'routing.disabledProviders': ['local'] } });
  assert.ok(!(await listedModels()).some((m) => m.startsWith('local/')));
  await ok('settings.update', { values: { 'routing.disabledProviders': [] } });
  assert.ok((await listedModels()).includes('local/gpt-4o'));

  const before = JSON.stringify(await ok('settings.get', {}));
  await refused('settings.update', { values: { 'routing.strategy': 'fastest' } }, /routing.strategy: expected one of fill-first/);
  await refused('settings.update', { values: { 'routing.timeBudgetMs': -5 } }, /routing.timeBudgetMs: must be a positive integer/);
  await refused('settings.update', { values: { 'routing.disabledProviders': ['nowhere'] } }, /unknown provider "nowhere"/);
  await refused('settings.update', { values: { 'server.host': '0.0.0.0' } }, /other machines.*create a gateway key first/);
  await refused('settings.update', { values: { 'routing.maxWaitMs': -1 } }, /routing.maxWaitMs: must be an integer >= 0/);
  assert.equal(JSON.stringify(await ok('settings.get', {})), before, 'a refused update changes nothing');

  await ok('settings.update', { values: { 'routing.thinking': { mode: 'custom', budgetTokens: 2048 } } });
  await chat(ANTH.model);
  assert.match(JSON.stringify(h.mock.requests.at(-1)?.body), /"budget_tokens":2048/, 'the reasoning policy applies to the next request');
  await ok('settings.update', { values: { 'routing.thinking': null } });
  await refused('settings.update', { values: { 'routing.thinking': { mode: 'custom' } } }, /mode custom needs budgetTokens/);

  // Prices, budgets and limits are settings too, checked like the file's sections.
  await refused('settings.update', { values: { budgets: [{ scope: 'provider', id: 'nowhere', daily: 1 }] } }, /budgets\[0\]\.id: unknown provider "nowhere"/);
  await refused('settings.update', { values: { limits: [{ provider: 'nowhere', maxConcurrent: 1 }] } }, /limits\[0\]\.provider: unknown provider "nowhere"/);
  await refused('settings.update', { values: { pricing: { 'nowhere/m': { input: 1, output: 1 } } } }, /unknown provider "nowhere"/);
  await ok('settings.update', { values: { pricing: { 'local/gpt-4o': { input: 1000, output: 2000 } } } });
  assert.equal((await chat('local/gpt-4o')).status, 200);
  await h.gateway.store.requestLog.flush();
  const [priced] = ((await ok('logs.list', { limit: 1 })).entries as Array<{ costUsd: number | null; inputTokens: number; outputTokens: number }>);
  assert.ok(priced);
  assert.equal(priced.costUsd, (priced.inputTokens * 1000 + priced.outputTokens * 2000) / 1e6, 'the new price applies to the next request');
  // A daily budget already spent stops the next request to that provider, at once.
  await ok('settings.update', { values: { budgets: [{ scope: 'provider', id: 'local', daily: 0.000001 }] } });
  const stopped = await chat('local/gpt-4o');
  assert.notEqual(stopped.status, 200);
  assert.match(stopped.body, /budget/);
  await refused('settings.update', { values: { 'requestLog.enabled': false } }, /budgets are counted from the request log/);
  await ok('settings.update', { values: { budgets: null, pricing: null } });
  assert.equal((await chat('local/gpt-4o')).status, 200);

  // The port was given at start (port 0 here, as `serve --port` gives one): it is shown as
  // such, and an app edit that would not apply while it is given is refused.
  const port = await setting('server.port');
  assert.deepEqual([port?.source, port?.value, port?.pendingRestart], ['launch', 0, false]);
  await refused('settings.update', { values: { 'server.port': 20999 } }, /server.port was given when the gateway was started/);
  await ok('settings.update', { values: { 'routing.reprobeAfterMs': 120_000 } });
  const reprobe = await setting('routing.reprobeAfterMs');
  assert.deepEqual([reprobe?.value, reprobe?.appliesAt, reprobe?.pendingRestart], [120_000, 'restart', true], 'the gateway runs with the old value until a restart');
  await ok('settings.update', { values: { 'routing.reprobeAfterMs': null } });
  assert.equal((await setting('routing.reprobeAfterMs'))?.pendingRestart, false);
});

test('every change is in the audit log with who made it, and no key', async () => {
  const rows = (await ok('audit.list', { limit: 500 })) as unknown as Array<{ actor: string; action: string; target: string }>;
  const actions = new Set(rows.map((r) => r.action));
  for (const action of ['providers.create', 'providers.delete', 'models.refresh', 'combos.create', 'combos.reorder', 'combos.update', 'combos.delete', 'aliases.set', 'aliases.delete', 'settings.update']) {
    assert.ok(actions.has(action), `audit has ${action}`);
  }
  for (const row of rows) assert.match(row.actor, /^dashboard session [0-9a-f]{8}$/);
  assert.doesNotMatch(JSON.stringify(rows), new RegExp(LOCAL_KEY));
});

test('what was set up in the app survives a restart with the same file, and resilience settings apply then', async () => {
  await ok('settings.update', { values: { 'routing.breaker.threshold': 1 } });
  assert.equal((await setting('routing.breaker.threshold'))?.pendingRestart, true);
  await h.restart();
  login = await logIn(h.gateway.loginLink());
  const reply = await chat('squad');
  assert.equal(reply.status, 200, reply.body);
  assert.ok((await listedModels()).includes('local/o4-mini'), 'the refreshed list is kept');
  const list = (await ok('combos.list', {})) as unknown as Array<{ name: string; source: string }>;
  assert.deepEqual(list.map((c) => [c.name, c.source]), [['file-combo', 'file'], ['squad', 'user']]);

  const threshold = await setting('routing.breaker.threshold');
  assert.deepEqual([threshold?.value, threshold?.pendingRestart], [1, false]);
  // One failure now opens the account's breaker (the default needs five).
  h.mock.inject({ match: { apiKey: LOCAL_KEY }, fault: { kind: 'status', status: 500 } });
  await chat('local/gpt-4o');
  const status = (await ok('routing.status', {})) as { breakers: Array<{ key: string; phase: string }> };
  assert.ok(status.breakers.some((b) => b.key.includes(accountId) && b.phase !== 'closed'), JSON.stringify(status.breakers));
});
