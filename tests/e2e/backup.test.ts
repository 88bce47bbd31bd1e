/**
 * Backup, restore, export and import over the control API: a backup taken while requests are
 * being logged is a sound database; restoring one brings back its providers, connections and
 * log and the gateway routes with them; an export holds keys only sealed under a passphrase,
 * and imports into a fresh gateway with the right passphrase only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const EXTRA_KEY = 'key-extra-7f3a9c';
const PASSPHRASE = 'correct horse battery';

function ask(url: string, model: string, text = 'hello'): Promise<unknown> {
  return new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content: text }] });
}

/** An export document adding provider "extra" (served by the mock) with a sealed key. */
async function extraProviderDocument(): Promise<unknown> {
  // Build it the way a user would get it: export from a gateway that has the provider.
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-extra-'));
  const gw = await freshGateway(dir);
  try {
    await gw.store.providers.upsert('extra', { id: 'extra', format: 'openai-chat', baseUrl: `${h.mock.url}/v1`, models: ['mock-chat-1'] });
    const secrets = await createSecretStore({ dataDir: dir, preferKeychain: false });
    await secrets.set('connection:extra:main', EXTRA_KEY);
    await gw.store.connections.upsert({ providerId: 'extra', label: 'main', secretRef: 'connection:extra:main', source: 'user' });
    return (await gw.control.call('config.export', { includeSecrets: true, passphrase: PASSPHRASE })).document;
  } finally {
    await gw.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function freshGateway(dataDir: string): Promise<Gateway> {
  const gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  await gw.start();
  return gw;
}

async function urlOf(gw: Gateway): Promise<string> {
  const status = await gw.control.call('gateway.status', {});
  return status.listening?.url ?? assert.fail('not listening');
}

test('a backup taken while requests are being logged is a sound, self-contained database', async () => {
  let stop = false;
  let sent = 0;
  const load = Array.from({ length: 4 }, async () => {
    while (!stop) {
      await ask(h.url, UPSTREAMS['openai-chat'].model, `load ${sent++}`);
    }
  });
  await new Promise((r) => setTimeout(r, 150));
  const backup = await h.gateway.control.call('backup.create', {});
  assert.equal((await stat(backup.path)).mode & 0o777, 0o600, 'a backup holds the log: owner only');
  stop = true;
  await Promise.all(load);
  assert.ok(backup.path.startsWith(join(h.dataDir, 'backups')));
  assert.ok(backup.bytes > 0);
  assert.ok(sent > 5, 'requests were being logged during the backup');
  const copy = new Database(backup.path, { readonly: true, fileMustExist: true });
  try {
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'no -wal file is needed to read it');
    const count = copy.prepare('select count(*) as n from request_log').get() as { n: number };
    assert.ok(count.n > 0 && count.n <= sent);
    const migrations = copy.prepare('select count(*) as n from kysely_migration').get() as { n: number };
    assert.ok(migrations.n >= 4);
  } finally {
    copy.close();
  }
  await assert.rejects(h.gateway.control.call('backup.create', { path: backup.path }), /already exists/);
  await assert.rejects(h.gateway.control.call('backup.create', { path: 'relative.db' }), /absolute/);
});

test('restore brings back an earlier state, and the gateway routes with it', async () => {
  const before = await h.gateway.control.call('backup.create', {});
  const logged = (await h.gateway.control.call('logs.list', { limit: 500 })).entries.length;

  await h.gateway.control.call('config.import', { document: await extraProviderDocument(), passphrase: PASSPHRASE });
  await ask(h.url, 'extra/mock-chat-1', 'via extra');
  assert.equal(h.mock.requests.at(-1)?.apiKey, EXTRA_KEY);
  const withExtra = await h.gateway.control.call('backup.create', {});

  await h.gateway.control.call('backup.restore', { path: before.path });
  await assert.rejects(ask(h.url, 'extra/mock-chat-1'), (e: unknown) => e instanceof OpenAI.APIError && e.status === 404);
  await ask(h.url, UPSTREAMS.anthropic.model, 'still routed');
  const afterRestore = (await h.gateway.control.call('logs.list', { limit: 500 })).entries;
  assert.equal(afterRestore.length, logged + 2, "the log is the backup's plus the two requests since");
  assert.equal((await h.gateway.control.call('providers.list', {})).some((p) => p.id === 'extra'), false);

  await h.gateway.control.call('backup.restore', { path: withExtra.path });
  await ask(h.url, 'extra/mock-chat-1', 'back again');
  assert.equal(h.mock.requests.at(-1)?.apiKey, EXTRA_KEY);

  // After a restore the database keeps working across a restart.
  await h.restart();
  await ask(h.url, 'extra/mock-chat-1', 'after restart');
});

test('restore refuses files that are not sound databases of this application', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-bad-'));
  try {
    const notDb = join(dir, 'not.db');
    await writeFile(notDb, 'this is not sqlite at all, just text'.repeat(200));
    await assert.rejects(h.gateway.control.call('backup.restore', { path: notDb }), /not a database|cannot open/);
    const foreign = join(dir, 'foreign.db');
    new Database(foreign).exec('create table t (x integer)');
    await assert.rejects(h.gateway.control.call('backup.restore', { path: foreign }), /not an OmniRoute database/);
    const newer = join(dir, 'newer.db');
    const good = await h.gateway.control.call('backup.create', { path: newer });
    const db = new Database(good.path);
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999-from-the-future', new Date().toISOString());
    db.close();
    await assert.rejects(h.gateway.control.call('backup.restore', { path: newer }), /newer version/);
    await assert.rejects(h.gateway.control.call('backup.restore', { path: join(dir, 'missing.db') }), /cannot open/);
    // The live database is untouched and still serves.
    await ask(h.url, UPSTREAMS.gemini.model);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an export without secrets holds no key; one with a passphrase imports into a fresh gateway', async () => {
  const keys = Object.values(UPSTREAMS).map((u) => u.apiKey);
  // What was set up in the app travels too: a combo, an alias and a live setting.
  await h.gateway.control.call('combos.create', { name: 'exported-combo', members: [{ model: UPSTREAMS.anthropic.model }] });
  await h.gateway.control.call('aliases.set', { from: 'exported-alias', to: 'exported-combo' });
  await h.gateway.control.call('settings.update', { values: { 'routing.systemPrompt': 'Imported prompt.' } });
  const plain = await h.gateway.control.call('config.export', {});
  assert.equal(plain.secretsIncluded, false);
  assert.ok(plain.path.startsWith(join(h.dataDir, 'exports')));
  const plainText = await readFile(plain.path, 'utf8');
  for (const key of keys) assert.equal(plainText.includes(key), false, `no ${key} in the plain export`);
  assert.ok(plain.document.connections.some((c) => c.provider === 'up-chat' && c.label === 'main'));
  assert.equal(plain.document.providers.length >= 4, true);

  const sealed = await h.gateway.control.call('config.export', { includeSecrets: true, passphrase: PASSPHRASE });
  assert.equal(sealed.secretsIncluded, true);
  const sealedText = await readFile(sealed.path, 'utf8');
  for (const key of keys) assert.equal(sealedText.includes(key), false, `${key} is never in clear`);
  await assert.rejects(h.gateway.control.call('config.export', { includeSecrets: true }), /passphrase/);
  await assert.rejects(h.gateway.control.call('config.export', { includeSecrets: true, passphrase: 'short' }), /passphrase/);

  const dir = await mkdtemp(join(tmpdir(), 'omniroute-import-'));
  const gw = await freshGateway(dir);
  try {
    // Wrong passphrase: a clear error and nothing changed.
    await assert.rejects(gw.control.call('config.import', { path: sealed.path, passphrase: 'wrong passphrase!' }), /passphrase does not match/);
    await assert.rejects(gw.control.call('config.import', { path: sealed.path }), /passphrase/);
    assert.deepEqual(await gw.store.connections.list(), []);
    assert.deepEqual(await gw.store.providers.list(), []);
    assert.deepEqual(await gw.control.call('providers.list', {}), []);

    const result = await gw.control.call('config.import', { path: sealed.path, passphrase: PASSPHRASE });
    assert.equal(result.secrets, plain.document.connections.length);
    const url = await urlOf(gw);
    for (const u of Object.values(UPSTREAMS)) {
      await ask(url, u.model, 'imported');
      assert.equal(h.mock.requests.at(-1)?.apiKey, u.apiKey, `${u.provider} routes with its imported key`);
    }
    assert.deepEqual([result.combos, result.aliases], [1, 1]);
    await ask(url, 'exported-alias', 'through the imported alias and combo');
    const sent = h.mock.requests.at(-1);
    assert.equal(sent?.apiKey, UPSTREAMS.anthropic.apiKey);
    assert.match(JSON.stringify(sent?.body), /Imported prompt\./, 'the imported setting applies without a restart');
    assert.equal((await gw.control.call('combos.list', {}))[0]?.source, 'user');
    // The plain export brings the configuration but no keys: its connections are not routable.
    const dir2 = await mkdtemp(join(tmpdir(), 'omniroute-import2-'));
    const gw2 = await freshGateway(dir2);
    try {
      const r2 = await gw2.control.call('config.import', { path: plain.path });
      assert.equal(r2.secrets, 0);
      assert.equal((await gw2.store.connections.list()).length, plain.document.connections.length);
      await assert.rejects(ask(await urlOf(gw2), UPSTREAMS['openai-chat'].model), (e: unknown) => e instanceof OpenAI.APIError && e.status === 404);
    } finally {
      await gw2.stop();
      await rm(dir2, { recursive: true, force: true });
    }
  } finally {
    await gw.stop();
    await rm(dir, { recursive: true, force: true });
  }
  assert.ok((await readdir(join(h.dataDir, 'exports'))).length >= 2);
});

test('an import may not take over a built-in provider nor send a stored key to a new address', async () => {
  const plain = (await h.gateway.control.call('config.export', {})).document;
  const before = { providers: await h.gateway.store.providers.list(), connections: await h.gateway.store.connections.list() };
  const takeover = { ...plain, providers: [{ id: 'openai', format: 'openai-chat', baseUrl: `${h.mock.url}/evil` }], connections: [] };
  await assert.rejects(h.gateway.control.call('config.import', { document: takeover }), /"openai".*built-in provider/);

  const upChat = plain.providers.find((p) => typeof p === 'object' && p !== null && 'id' in p && p.id === 'up-chat') ?? assert.fail('no up-chat');
  const moved = { ...plain, providers: [{ ...upChat, baseUrl: `${h.mock.url}/evil/v1` }], connections: [] };
  await assert.rejects(h.gateway.control.call('config.import', { document: moved }), /"up-chat\/main".*passphrase/s);

  const movedConnection = { ...plain, providers: [], connections: plain.connections.map((c) => ({ ...c, baseUrl: `${h.mock.url}/evil/v1` })) };
  await assert.rejects(h.gateway.control.call('config.import', { document: movedConnection }), /different address/);

  assert.deepEqual({ providers: await h.gateway.store.providers.list(), connections: await h.gateway.store.connections.list() }, before);
  await ask(h.url, UPSTREAMS['openai-chat'].model, 'still going to the mock');
  assert.equal(h.mock.requests.at(-1)?.apiKey, UPSTREAMS['openai-chat'].apiKey);
});
