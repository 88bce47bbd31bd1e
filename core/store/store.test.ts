import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATION_TABLE, openStore } from './index.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-store-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function freshDir(name: string): string {
  return join(root, name);
}

function peek<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

test('creates the data dir, the configuration database and the request log\'s own file, in WAL mode, with every table', async () => {
  const dataDir = freshDir('wal');
  const store = await openStore({ dataDir });
  assert.equal(store.path, join(dataDir, 'omniroute.db'));
  assert.equal(store.requestLogPath, join(dataDir, 'requests.db'));
  const tablesOf = (path: string) =>
    peek(path, (db) =>
      db
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .all()
        .map((r) => (r as { name: string }).name),
    );
  const journal = [store.path, store.requestLogPath].map((p) => peek(p, (db) => db.pragma('journal_mode', { simple: true })));
  const config = tablesOf(store.path);
  const log = tablesOf(store.requestLogPath);
  await store.close();
  assert.deepEqual(journal, ['wal', 'wal']);
  for (const t of ['connections', 'providers', 'settings', 'routing_state', MIGRATION_TABLE]) {
    assert.ok(config.includes(t), `missing table ${t} in ${config.join(', ')}`);
  }
  assert.deepEqual(log, ['request_bodies', 'request_log']);
  assert.ok(!config.includes('request_log') && !config.includes('request_bodies'), 'the log is only in its own file');
});

test('migrations run once and reopening neither re-runs them nor loses data', async () => {
  const dataDir = freshDir('reopen');
  const first = await openStore({ dataDir, fileName: 'x.db' });
  await first.settings.set('theme', 'dark');
  await first.close();

  const second = await openStore({ dataDir, fileName: 'x.db' });
  assert.equal(await second.settings.get<string>('theme'), 'dark');
  await second.close();

  const applied = peek(join(dataDir, 'x.db'), (db) => db.prepare(`select name from ${MIGRATION_TABLE}`).all());
  assert.deepEqual(applied, [{ name: '0001-initial' }, { name: '0002-routing-state' }, { name: '0003-request-log-attempts' }, { name: '0004-usage-accounting' }, { name: '0005-leaner-log-indexes' }, { name: '0006-request-log-warnings' }, { name: '0007-request-log-endpoint' }, { name: '0008-routing-key-rejected' }, { name: '0009-audit-log' }, { name: '0010-gateway-keys' }, { name: '0011-combos-aliases' }, { name: '0012-account-terms' }]);
});

test('connections upsert by provider and label, keeping id and createdAt', async () => {
  let clock = 1_000;
  const store = await openStore({ dataDir: freshDir('conn'), now: () => clock });
  const a = await store.connections.upsert({ providerId: 'openai', label: 'work', secretRef: 'conn/openai/work', source: 'config' });
  assert.equal(typeof a.id, 'string');
  assert.ok(a.id.length > 0);
  assert.deepEqual(
    { ...a, id: 'x' },
    {
      id: 'x',
      providerId: 'openai',
      label: 'work',
      priority: 100,
      enabled: true,
      baseUrl: null,
      secretRef: 'conn/openai/work',
      source: 'config',
      createdAt: 1_000,
      updatedAt: 1_000,
    },
  );

  clock = 2_000;
  const a2 = await store.connections.upsert({
    providerId: 'openai',
    label: 'work',
    priority: 5,
    enabled: false,
    baseUrl: 'http://127.0.0.1:9/v1',
    source: 'user',
  });
  assert.equal(a2.id, a.id);
  assert.equal(a2.createdAt, 1_000);
  assert.equal(a2.updatedAt, 2_000);
  assert.equal(a2.priority, 5);
  assert.equal(a2.enabled, false);
  assert.equal(a2.baseUrl, 'http://127.0.0.1:9/v1');
  assert.equal(a2.secretRef, null, 'an upsert replaces: an omitted secretRef is cleared');
  assert.equal(a2.source, 'user');

  const b = await store.connections.upsert({ providerId: 'openai', label: 'home', priority: 1, source: 'user' });
  const c = await store.connections.upsert({ providerId: 'anthropic', label: 'work', source: 'user' });
  assert.notEqual(b.id, a.id);
  assert.notEqual(c.id, a.id);
  assert.deepEqual(
    (await store.connections.list()).map((r) => `${r.providerId}/${r.label}`),
    ['anthropic/work', 'openai/home', 'openai/work'],
  );

  clock = 3_000;
  assert.equal(await store.connections.setEnabled(a.id, true), true);
  const afterToggle = (await store.connections.list()).find((r) => r.id === a.id);
  assert.equal(afterToggle?.enabled, true);
  assert.equal(afterToggle?.updatedAt, 3_000);
  assert.equal(await store.connections.setEnabled('nope', true), false);

  assert.equal(await store.connections.remove(b.id), true);
  assert.equal(await store.connections.remove(b.id), false);
  assert.equal((await store.connections.list()).length, 2);
  await store.close();
});

test('custom providers store any JSON descriptor and upsert by id', async () => {
  let clock = 10;
  const store = await openStore({ dataDir: freshDir('providers'), now: () => clock });
  await store.providers.upsert('my-llm', { name: 'My LLM', format: 'openai-chat', models: ['a', 'b'] });
  await store.providers.upsert('other', { name: 'Other' }, 'config');
  clock = 20;
  await store.providers.upsert('my-llm', { name: 'Renamed', nested: { ok: true } });
  // An upsert without a source keeps the row's own (the file's stays the file's).
  await store.providers.upsert('other', { name: 'Other' });
  assert.deepEqual(await store.providers.list(), [
    { id: 'my-llm', descriptor: { name: 'Renamed', nested: { ok: true } }, source: 'user' },
    { id: 'other', descriptor: { name: 'Other' }, source: 'config' },
  ]);
  const times = peek(store.path, (db) => db.prepare("select created_at, updated_at from providers where id = 'my-llm'").get());
  assert.deepEqual(times, { created_at: 10, updated_at: 20 });
  assert.equal(await store.providers.remove('other'), true);
  assert.equal(await store.providers.remove('other'), false);
  assert.deepEqual((await store.providers.list()).map((p) => p.id), ['my-llm']);
  await assert.rejects(store.providers.upsert('bad', () => 1), /not JSON-serialisable/);
  await store.close();
});

test('settings round-trip JSON values; undefined deletes', async () => {
  const store = await openStore({ dataDir: freshDir('settings') });
  assert.equal(await store.settings.get('missing'), undefined);
  await store.settings.set('n', 0);
  await store.settings.set('flag', false);
  await store.settings.set('obj', { a: [1, 'two', null] });
  await store.settings.set('obj', { a: [3] });
  assert.equal(await store.settings.get<number>('n'), 0);
  assert.equal(await store.settings.get<boolean>('flag'), false);
  assert.deepEqual(await store.settings.get('obj'), { a: [3] });
  await store.settings.set('n', undefined);
  assert.equal(await store.settings.get('n'), undefined);
  await store.close();
});

test('close is idempotent', async () => {
  const store = await openStore({ dataDir: freshDir('close') });
  await Promise.all([store.close(), store.close()]);
  await store.close();
});

test('log rows committed while a configuration transaction is open do not vanish with its rollback', async () => {
  const store = await openStore({ dataDir: freshDir('nested'), requestLog: { durable: true } });
  try {
    let committedDuring = false;
    await assert.rejects(
      store.transaction(async (repos) => {
        await repos.settings.set('import.marker', true);
        store.requestLog.write({ id: 'req-during-import', ts: 1, clientFormat: 'openai-chat', requestedModel: 'm', stream: false, status: 200, latencyMs: 1 });
        // Give the writer turns of the event loop to try its flush while the transaction is open.
        const waited = store.requestLog.committed().then(() => (committedDuring = true));
        await new Promise((resolve) => setTimeout(resolve, 30));
        assert.equal(committedDuring, false, 'the row must not be reported committed inside the open transaction');
        void waited;
        throw new Error('import failed');
      }),
      /import failed/,
    );
    await store.requestLog.committed();
    const rows = await store.requestLogs.recent(10);
    assert.deepEqual(rows.map((r) => r.id), ['req-during-import']);
    assert.equal(await store.settings.get('import.marker'), undefined);
  } finally {
    await store.close();
  }
});
