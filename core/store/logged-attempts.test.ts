/** The attempt list's column: written with the row, read back by logs.get only, through its schema. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore, type RequestLogEntry } from './index.js';
import { attemptsFromColumn, type LoggedAttempt } from './logged-attempts.js';

let root = '';
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-attempts-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${++n}`);

const failedFirst: LoggedAttempt = {
  n: 1, providerId: 'p1', connectionId: 'c1', accountLabel: 'work', upstreamModel: 'm1', upstreamFormat: 'openai-chat',
  status: 503, outcome: 'failed', errorCode: 'overloaded', durationMs: 12,
};
const answeredSecond: LoggedAttempt = {
  n: 2, providerId: 'p2', connectionId: 'c2', accountLabel: 'home', upstreamModel: 'm2', upstreamFormat: 'anthropic',
  status: 200, outcome: 'answered', errorCode: null, durationMs: 34,
};

function entry(id: string, extra: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return { id, ts: 1_700_000_000_000, clientFormat: 'openai-chat', requestedModel: 'combo', stream: false, status: 200, latencyMs: 50, attempts: 2, fallbacks: 1, ...extra };
}

test('the list is written with the row and read back in order by get, not by a page', async () => {
  const store = await openStore({ dataDir: freshDir() });
  try {
    store.requestLog.write(entry('with', { attemptList: [failedFirst, answeredSecond], attemptsOmitted: 3 }));
    store.requestLog.write(entry('without', { attempts: 0, fallbacks: 0 }));
    await store.requestLog.flush();
    const got = await store.logPages.get('with');
    assert.deepEqual(got?.attemptList, [failedFirst, answeredSecond]);
    assert.equal(got?.attemptsOmitted, 3);
    assert.equal((await store.logPages.get('without'))?.attemptList, undefined);
    const page = await store.logPages.page({ limit: 10 });
    assert.equal(page.entries.length, 2);
    assert.ok(page.entries.every((e) => e.attemptList === undefined), 'a page does not read the lists');
  } finally {
    await store.close();
  }
});

test('a log file from before the column gets it on open; its old rows read with no list', async () => {
  const dir = freshDir();
  const first = await openStore({ dataDir: dir });
  const logPath = first.requestLogPath;
  await first.close();
  // Turn the new file back into a version-1 file holding a row written then.
  const old = new Database(logPath);
  old.exec('ALTER TABLE request_log DROP COLUMN attempt_list');
  old.pragma('user_version = 1');
  old.prepare(`INSERT INTO request_log (id, ts, client_format, requested_model, stream, status, latency_ms, attempts, fallbacks)
    VALUES ('old', 1700000000000, 'openai-chat', 'gpt-x', 0, 200, 5, 2, 1)`).run();
  old.close();

  const store = await openStore({ dataDir: dir });
  try {
    const check = new Database(logPath, { readonly: true });
    try {
      assert.equal(check.pragma('user_version', { simple: true }), 2);
    } finally {
      check.close();
    }
    const got = await store.logPages.get('old');
    assert.equal(got?.attempts, 2);
    assert.equal(got?.attemptList, undefined);
    store.requestLog.write(entry('new', { attemptList: [answeredSecond] }));
    await store.requestLog.flush();
    assert.deepEqual((await store.logPages.get('new'))?.attemptList, [answeredSecond]);
  } finally {
    await store.close();
  }
  // Opening again is a no-op: the step is not run twice.
  const again = await openStore({ dataDir: dir });
  await again.close();
});

test('stored text that does not fit the schema reads as no list', () => {
  assert.equal(attemptsFromColumn(null), null);
  assert.equal(attemptsFromColumn('not json'), null);
  assert.equal(attemptsFromColumn(JSON.stringify({ items: [{ ...failedFirst, status: 'x' }], omitted: 0 })), null);
  assert.equal(attemptsFromColumn(JSON.stringify([failedFirst])), null);
  assert.deepEqual(attemptsFromColumn(JSON.stringify({ items: [failedFirst], omitted: 0 })), { items: [failedFirst], omitted: 0 });
});
