/**
 * Issue 10, crafted backup: a database file handed to backup.restore must not send an
 * existing key (and the user's prompts) to an address of the file's choosing, and a restore
 * keeps the database it replaces.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createSecretStore } from '../../core/secrets/index.js';
import { startHarness, UPSTREAMS, type Harness } from '../e2e/harness.js';
import { openai } from '../e2e/routing-fixtures.js';

const CHAT = UPSTREAMS['openai-chat'];

let h: Harness;
let evil: Server;
let evilUrl: string;
const evilSaw: string[] = [];
let dir: string;

before(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'omniroute-crafted-'));
  evil = createServer((req, res) => {
    evilSaw.push(String(req.headers.authorization ?? req.headers['x-api-key'] ?? ''));
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"evil"}}');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/v1`;
});
after(async () => {
  await h.close();
  await new Promise<void>((resolve) => evil.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function ask(text: string): Promise<unknown> {
  return openai(h).chat.completions.create({
    model: CHAT.model,
    messages: [{ role: 'user', content: text }],
  });
}

/** A copy of a real backup, changed by `edit` with SQL. */
async function crafted(name: string, edit: (db: Database.Database) => void): Promise<string> {
  const real = await h.gateway.control.call('backup.create', {});
  const path = join(dir, name);
  await copyFile(real.path, path);
  const db = new Database(path);
  try {
    edit(db);
  } finally {
    db.close();
  }
  return path;
}

test('a backup with an extra connection borrowing an existing key under another address is refused', async () => {
  const path = await crafted('extra-row.db', (db) => {
    const row = db.prepare("select * from connections where provider_id = ? and label = 'main'").get(CHAT.provider) as Record<string, unknown>;
    assert.ok(row.secret_ref, 'the real connection has a secret ref');
    db.prepare('insert into connections (id, provider_id, label, priority, enabled, base_url, secret_ref, source, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      'evil-id',
      CHAT.provider,
      'evil',
      0,
      1,
      evilUrl,
      row.secret_ref,
      row.source,
      Date.now(),
      Date.now(),
    );
  });
  const before = await h.gateway.store.connections.list();
  await assert.rejects(h.gateway.control.call('backup.restore', { path }), /"up-chat\/evil".*stored key.*Nothing was restored/s);
  assert.deepEqual(await h.gateway.store.connections.list(), before, 'nothing changed');
  await ask('my secret prompt');
  assert.equal(h.mock.requests.at(-1)?.apiKey, CHAT.apiKey);
  assert.deepEqual(evilSaw, [], 'the other server never hears from the gateway');
});

test('a backup that moves an existing connection, or its provider, to another address is refused', async () => {
  const movedRow = await crafted('moved-row.db', (db) => {
    db.prepare("update connections set base_url = ? where provider_id = ? and label = 'main'").run(evilUrl, CHAT.provider);
  });
  await assert.rejects(h.gateway.control.call('backup.restore', { path: movedRow }), /"up-chat\/main".*different address/s);
  const movedProvider = await crafted('moved-provider.db', (db) => {
    db.prepare("update providers set descriptor = json_set(descriptor, '$.baseUrl', ?) where id = ?").run(evilUrl, CHAT.provider);
  });
  await assert.rejects(h.gateway.control.call('backup.restore', { path: movedProvider }), /"up-chat\/main".*different address/s);
  await ask('another prompt');
  assert.equal(h.mock.requests.at(-1)?.apiKey, CHAT.apiKey);
  assert.deepEqual(evilSaw, []);
});

test('a normal restore works and keeps the replaced database next to it, owner-only', async () => {
  const backup = await h.gateway.control.call('backup.create', {});
  const result = await h.gateway.control.call('backup.restore', { path: backup.path });
  assert.equal(result.restored, true);
  assert.equal(dirname(result.previous), dirname(h.gateway.store.path));
  assert.match(result.previous, /omniroute\.db\.before-restore-/);
  if (process.platform !== 'win32') assert.equal((await stat(result.previous)).mode & 0o777, 0o600);
  const copy = new Database(result.previous, { readonly: true, fileMustExist: true });
  try {
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    assert.ok((copy.prepare('select count(*) as n from connections').get() as { n: number }).n >= 4);
  } finally {
    copy.close();
  }
  await ask('after restore');
  assert.equal(h.mock.requests.at(-1)?.apiKey, CHAT.apiKey);
  assert.deepEqual(evilSaw, []);
});

test('a backup that gives an orphaned stored key a new address is refused; its last address, or a key never sent anywhere, is judged too', async () => {
  // A user connection with its own key, loaded once (so the gateway records where it sends it).
  const secrets = await createSecretStore({ dataDir: h.dataDir, preferKeychain: false });
  await secrets.set('connection:up-chat:spare', 'key-spare-0451');
  await h.gateway.store.connections.upsert({ providerId: CHAT.provider, label: 'spare', secretRef: 'connection:up-chat:spare', source: 'user' });
  await h.gateway.reload();
  const withSpare = await h.gateway.control.call('backup.create', {});
  // Deleted: its key stays in the secret store, and no current connection uses it.
  const spare = (await h.gateway.store.connections.list()).find((c) => c.label === 'spare');
  assert.ok(spare);
  await h.gateway.store.connections.remove(spare.id);
  await h.gateway.reload();

  const moved = join(dir, 'orphan-moved.db');
  await copyFile(withSpare.path, moved);
  const db = new Database(moved);
  db.prepare("update connections set base_url = ? where label = 'spare'").run(evilUrl);
  db.close();
  await assert.rejects(h.gateway.control.call('backup.restore', { path: moved }), /"up-chat\/spare".*different address.*last sent.*Nothing was restored/s);

  // A key no connection ever used, named by a crafted row.
  await secrets.set('connection:up-chat:ghost', 'key-ghost-7731');
  const ghost = await crafted('orphan-ghost.db', (g) => {
    g.prepare('insert into connections (id, provider_id, label, priority, enabled, base_url, secret_ref, source, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      'ghost-id', CHAT.provider, 'ghost', 0, 1, evilUrl, 'connection:up-chat:ghost', 'user', Date.now(), Date.now(),
    );
  });
  await assert.rejects(h.gateway.control.call('backup.restore', { path: ghost }), /no record of sending.*Nothing was restored/s);
  assert.deepEqual(evilSaw, [], 'the other server never hears from the gateway');

  // The unmodified backup sends the key back where it went before: allowed, and it routes.
  await h.gateway.control.call('backup.restore', { path: withSpare.path });
  assert.ok((await h.gateway.store.connections.list()).some((c) => c.label === 'spare'));
  await ask('after restoring the spare');
  assert.deepEqual(evilSaw, []);
});
