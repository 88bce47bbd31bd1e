import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { openStore, type RequestLogEntry } from './index.js';
import { attemptsFromColumn } from './logged-attempts.js';
import { logTablesSql } from './request-log-db.js';
import { createRequestLogWriter } from './request-log-writer.js';
import type { StoreSchema } from './schema.js';

let root = '';
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-reqlog-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${++n}`);

function entry(i: number, extra: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    id: `req-${i}`,
    ts: 1_700_000_000_000 + i,
    clientFormat: 'openai-chat',
    requestedModel: 'gpt-x',
    stream: i % 2 === 0,
    status: 200,
    latencyMs: 10 + i,
    attempts: 1,
    fallbacks: 0,
    ...extra,
  };
}

function countRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('select count(*) as n from request_log').get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

test('1000 writes are queued synchronously and land in a handful of transactions', async () => {
  const store = await openStore({ dataDir: freshDir() });
  for (let i = 0; i < 1000; i++) store.requestLog.write(entry(i));
  // Nothing is written inside write(): the batch-size flush waits for setImmediate.
  assert.equal(store.requestLog.pending(), 1000);
  assert.equal(store.requestLog.stats().transactions, 0);
  assert.equal(countRows(store.requestLogPath), 0);

  await store.requestLog.flush();
  const stats = store.requestLog.stats();
  assert.equal(stats.written, 1000);
  assert.equal(stats.pending, 0);
  assert.ok(stats.transactions >= 1 && stats.transactions <= 5, `transactions: ${stats.transactions}`);
  assert.equal(countRows(store.requestLogPath), 1000);
  await store.close();
});

test('a queue reaching the batch size flushes on its own, without waiting for the timer', async () => {
  const store = await openStore({ dataDir: freshDir(), requestLog: { batchSize: 50, flushIntervalMs: 60_000 } });
  for (let i = 0; i < 50; i++) store.requestLog.write(entry(i));
  assert.equal(store.requestLog.stats().written, 0);
  for (let tries = 0; tries < 100 && store.requestLog.stats().written < 50; tries++) await sleep(5);
  assert.equal(store.requestLog.stats().written, 50);
  assert.equal(store.requestLog.stats().transactions, 1);
  await store.close();
});

test('a small queue is flushed by the timer', async () => {
  const store = await openStore({ dataDir: freshDir(), requestLog: { flushIntervalMs: 100 } });
  store.requestLog.write(entry(1));
  store.requestLog.write(entry(2));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(store.requestLog.stats().written, 0, 'below the batch size nothing is flushed before the interval');
  for (let tries = 0; tries < 200 && store.requestLog.pending() > 0; tries++) await sleep(10);
  assert.equal(store.requestLog.stats().written, 2);
  assert.equal(store.requestLog.stats().transactions, 1);
  await store.close();
});

test('close flushes pending entries and every field survives a reopen', async () => {
  const dataDir = freshDir();
  const first = await openStore({ dataDir, requestLog: { flushIntervalMs: 60_000 } });
  const full: RequestLogEntry = {
    id: 'full',
    ts: 1_800_000_000_000,
    clientFormat: 'anthropic',
    requestedModel: 'claude-x',
    providerId: 'openai',
    connectionId: 'c-1',
    upstreamModel: 'gpt-y',
    upstreamFormat: 'openai-responses',
    stream: true,
    status: 429,
    latencyMs: 1234,
    ttftMs: 56,
    inputTokens: 100,
    outputTokens: 20,
    cachedTokens: 80,
    reasoningTokens: 7,
    errorCode: 'rate_limited',
    attempts: 3,
    fallbacks: 2,
  };
  for (let i = 0; i < 9; i++) first.requestLog.write(entry(i));
  first.requestLog.write(full);
  assert.equal(first.requestLog.pending(), 10);
  await first.close();
  first.requestLog.write(entry(99));
  assert.equal(first.requestLog.stats().dropped, 1, 'a write after close is dropped and counted');

  const second = await openStore({ dataDir });
  const recent = await second.requestLogs.recent(100);
  assert.equal(recent.length, 10);
  assert.deepEqual(recent[0], full);
  assert.deepEqual(recent[1], entry(8));
  assert.deepEqual(
    recent.map((e) => e.ts),
    [...recent.map((e) => e.ts)].sort((a, b) => b - a),
    'newest first',
  );
  assert.deepEqual((await second.requestLogs.recent(3)).map((e) => e.id), ['full', 'req-8', 'req-7']);
  assert.deepEqual(await second.requestLogs.recent(0), []);
  await second.close();
});

test('a duplicate id or a NaN number does not poison its batch', async () => {
  const store = await openStore({ dataDir: freshDir() });
  store.requestLog.write(entry(1));
  store.requestLog.write(entry(1, { status: 500 }));
  store.requestLog.write(entry(2, { latencyMs: Number.NaN, inputTokens: Number.POSITIVE_INFINITY }));
  await store.requestLog.flush();
  const recent = await store.requestLogs.recent(10);
  assert.deepEqual(recent.map((e) => e.id), ['req-2', 'req-1']);
  assert.equal(recent[1]?.status, 200, 'the first write of an id wins');
  assert.equal(recent[0]?.latencyMs, 0);
  assert.equal(recent[0]?.inputTokens, undefined);
  await store.close();
});

test('a failed flush keeps the entries and a later flush writes them', async () => {
  const path = join(freshDir() + '.db');
  const sqlite = new Database(path);
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const errors: unknown[] = [];
  const writer = createRequestLogWriter({ db, flushIntervalMs: 5, onError: (e) => errors.push(e) });
  for (let i = 0; i < 3; i++) writer.write(entry(i));
  // No tables yet: the table does not exist, so the transaction fails.
  await assert.rejects(writer.flush(), /no such table/);
  assert.equal(writer.pending(), 3);
  assert.equal(writer.stats().failedFlushes, 1);
  for (let tries = 0; tries < 100 && writer.stats().failedFlushes < 3; tries++) await sleep(5);
  assert.ok(writer.stats().failedFlushes >= 3, 'the timer keeps retrying');
  assert.equal(errors.length, 1, 'one report per streak of failures, not per retry');
  assert.equal(writer.pending(), 3);

  // The log's tables are the log file's own (request-log-db.ts), no longer the configuration migrations'.
  sqlite.exec(logTablesSql('main'));
  writer.write(entry(3));
  await writer.flush();
  assert.equal(writer.pending(), 0);
  assert.equal(writer.stats().written, 4);
  assert.equal(countRows(path), 4);
  await writer.close();
  await db.destroy();
});

test('the attempt list survives the queue and is written by the query-builder path too', async () => {
  const sqlite = new Database(join(freshDir() + '.db'));
  sqlite.exec(logTablesSql('main'));
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const writer = createRequestLogWriter({ db, flushIntervalMs: 60_000 });
  const attempt = { n: 1, providerId: 'p', connectionId: 'c', accountLabel: 'a', upstreamModel: 'm', upstreamFormat: 'anthropic', status: null, outcome: 'failed' as const, errorCode: 'timeout', durationMs: 7 };
  writer.write(entry(1, { attemptList: [attempt], attemptsOmitted: 0 }));
  await writer.close();
  const row: unknown = sqlite.prepare('SELECT attempt_list FROM request_log').get();
  const text = typeof row === 'object' && row !== null && 'attempt_list' in row && typeof row.attempt_list === 'string' ? row.attempt_list : null;
  assert.deepEqual(attemptsFromColumn(text), { items: [attempt], omitted: 0 });
  await db.destroy();
});

test('beyond the queue bound the oldest entries are dropped and counted', async () => {
  const store = await openStore({ dataDir: freshDir(), requestLog: { maxQueue: 5, batchSize: 1000, flushIntervalMs: 60_000 } });
  for (let i = 0; i < 8; i++) store.requestLog.write(entry(i));
  assert.equal(store.requestLog.pending(), 5);
  assert.equal(store.requestLog.stats().dropped, 3);
  await store.requestLog.flush();
  const ids = (await store.requestLogs.recent(10)).map((e) => e.id);
  assert.deepEqual(ids, ['req-7', 'req-6', 'req-5', 'req-4', 'req-3']);
  await store.close();
});

test('maxRowsPerTransaction splits one large flush into several transactions', async () => {
  const store = await openStore({ dataDir: freshDir(), requestLog: { maxRowsPerTransaction: 300, flushIntervalMs: 60_000, batchSize: 10_000 } });
  for (let i = 0; i < 1000; i++) store.requestLog.write(entry(i));
  await store.requestLog.flush();
  assert.equal(store.requestLog.stats().transactions, 4);
  assert.equal(store.requestLog.stats().written, 1000);
  await store.close();
});

test('a durable commit asked for from the check phase happens on the next turn, not at the next unrelated event', () => {
  const fixture = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'durable-commit-wake.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8' });
  assert.equal(out, 'committed');
});
