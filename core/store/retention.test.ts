import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from './index.js';
import type { RequestLogEntry } from './index.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-retention-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function autoVacuum(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.pragma('auto_vacuum', { simple: true }));
  } finally {
    db.close();
  }
}

const DAY = 24 * 3600_000;

function entry(i: number, ts: number): RequestLogEntry {
  return {
    id: `req-${String(i).padStart(3, '0')}`,
    ts,
    clientFormat: 'openai-chat',
    requestedModel: 'm',
    stream: false,
    status: 200,
    latencyMs: 1,
    bodies: [
      { kind: 'client_request', body: `{"n":${i}}`, truncated: false },
      { kind: 'client_response', body: 'x'.repeat(100), truncated: true },
    ],
  };
}

test('a new database uses incremental auto-vacuum; an older one is converted once at open', async () => {
  const fresh = join(root, 'fresh');
  const store = await openStore({ dataDir: fresh });
  await store.close();
  assert.equal(autoVacuum(store.path), 2);
  assert.equal(autoVacuum(store.requestLogPath), 2, 'the log file, which retention shrinks, too');

  const older = join(root, 'older');
  await mkdir(older, { recursive: true });
  const legacy = new Database(join(older, 'omniroute.db'));
  legacy.exec('CREATE TABLE keep_me (x INTEGER); INSERT INTO keep_me VALUES (42);');
  legacy.close();
  assert.equal(autoVacuum(join(older, 'omniroute.db')), 0);
  const converted = await openStore({ dataDir: older });
  await converted.close();
  assert.equal(autoVacuum(converted.path), 2);
  const db = new Database(converted.path, { readonly: true });
  assert.equal(db.prepare('SELECT x FROM keep_me').pluck().get(), 42);
  db.close();
});

test('prune deletes by age, then the oldest beyond maxRows, with their bodies, in small batches', async () => {
  const now = Date.parse('2026-02-01T00:00:00Z');
  const store = await openStore({ dataDir: join(root, 'prune'), retention: { now: () => now, retentionDays: 10, maxRows: 12, batchSize: 7 } });
  try {
    // 20 rows older than 10 days, 30 recent ones (one a minute).
    for (let i = 0; i < 20; i++) store.requestLog.write(entry(i, now - 20 * DAY + i));
    for (let i = 20; i < 50; i++) store.requestLog.write(entry(i, now - (50 - i) * 60_000));
    await store.requestLog.flush();
    assert.equal((await store.requestBodies.get('req-000')).length, 2);

    const report = await store.retention.prune();
    assert.equal(report.deleted, 38);
    const kept = (await store.requestLogs.recent(100)).map((r) => r.id).sort();
    assert.deepEqual(kept, Array.from({ length: 12 }, (_, k) => `req-${String(38 + k).padStart(3, '0')}`));
    assert.deepEqual(await store.requestBodies.get('req-000'), []);
    assert.deepEqual(await store.requestBodies.get('req-037'), []);
    const bodies = await store.requestBodies.get('req-049');
    assert.deepEqual(bodies.map((b) => [b.kind, b.truncated]), [
      ['client_request', false],
      ['client_response', true],
    ]);
  } finally {
    await store.close();
  }
  const db = new Database(store.requestLogPath, { readonly: true });
  try {
    assert.equal(db.prepare('SELECT count(*) FROM request_bodies').pluck().get(), 24);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});
