import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { createReadOnlyKysely } from './read-only-kysely.js';
import { createReadWorker } from './read-worker.js';

let root = '';
let path = '';
let writer: Database.Database;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-read-'));
  path = join(root, 'r.db');
  writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
});
after(async () => {
  writer.close();
  await rm(root, { recursive: true, force: true });
});

// A query that keeps SQLite busy for a while: a recursive count.
const SLOW = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) AS c FROM n';

test('reads see what the serving connection committed, through Kysely', async () => {
  writer.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('a', '"1"');
  const db = createReadOnlyKysely(createReadWorker({ path }));
  try {
    const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
    assert.deepEqual(rows, [{ key: 'a', value: '"1"' }]);
    writer.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('b', '"2"');
    assert.equal((await db.selectFrom('settings').selectAll().execute()).length, 2);
  } finally {
    await db.destroy();
  }
});

test('a long read leaves the event loop free', async () => {
  const worker = createReadWorker({ path });
  try {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    let ticksWhenDone = -1;
    const rows = await worker.all(SLOW, []).finally(() => (ticksWhenDone = ticks));
    clearInterval(ticker);
    assert.deepEqual(rows, [{ c: 3_000_000 }]);
    assert.ok(ticksWhenDone > 0, 'timers ran while the query was being answered');
  } finally {
    await worker.close();
  }
});

test('a bad query rejects; an idle worker stops and the next read starts a new one', async () => {
  const worker = createReadWorker({ path, idleMs: 20 });
  try {
    await assert.rejects(worker.all('SELECT nope FROM nowhere', []), /no such table/);
    await sleep(80);
    assert.equal((await worker.all('SELECT 1 AS one', [])).length, 1);
    await assert.rejects(worker.all("INSERT INTO settings (key, value) VALUES ('x', '1') RETURNING key", []), /readonly/);
  } finally {
    await worker.close();
  }
});

test('a query after close is refused instead of starting a worker on closed files; restart keeps it usable', async () => {
  const worker = createReadWorker({ path });
  try {
    assert.deepEqual(await worker.all('select 1 as one', []), [{ one: 1 }]);
    await worker.restart();
    assert.deepEqual(await worker.all('select 1 as one', []), [{ one: 1 }], 'usable after a restart');
    await worker.close();
    await assert.rejects(worker.all('select 1 as one', []), /closed/);
  } finally {
    await worker.close();
  }
});
