/** The request log's filtered, cursor-paged listing (logs.list): each filter alone and combined. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, type RequestLogEntry, type Store } from './index.js';

const T0 = 1_700_000_000_000;
let root = '';
let store: Store;

function entry(i: number, extra: Partial<RequestLogEntry>): RequestLogEntry {
  return { id: `req-${String(i).padStart(3, '0')}`, ts: T0 + i * 1000, clientFormat: 'openai-chat', requestedModel: 'gpt-x', stream: false, status: 200, latencyMs: 5, ...extra };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-logpage-'));
  store = await openStore({ dataDir: root });
  // 0-9: openai-chat via conn-a; 10-19: anthropic via conn-b; 20-29: gemini with no connection.
  for (let i = 0; i < 10; i++) store.requestLog.write(entry(i, { connectionId: 'conn-a', providerId: 'p1' }));
  for (let i = 10; i < 20; i++) store.requestLog.write(entry(i, { clientFormat: 'anthropic', connectionId: 'conn-b', providerId: 'p2', keyLabel: 'bob' }));
  for (let i = 20; i < 30; i++) store.requestLog.write(entry(i, { clientFormat: 'gemini', status: 502 }));
  await store.requestLog.flush();
});
after(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

const ids = (entries: RequestLogEntry[]) => entries.map((e) => Number(e.id.slice(4)));

test('account matches the connection id', async () => {
  const page = await store.logPages.page({ limit: 50, account: 'conn-b' });
  assert.deepEqual(ids(page.entries), [19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
});

test('clientFormat matches the format the client spoke', async () => {
  const page = await store.logPages.page({ limit: 50, clientFormat: 'gemini' });
  assert.equal(page.entries.length, 10);
  assert.ok(page.entries.every((e) => e.clientFormat === 'gemini'));
});

test('from is inclusive and to exclusive; the range pages with the cursor', async () => {
  const range = { from: T0 + 5000, to: T0 + 12_000 };
  const all = await store.logPages.page({ limit: 50, ...range });
  assert.deepEqual(ids(all.entries), [11, 10, 9, 8, 7, 6, 5]);
  const first = await store.logPages.page({ limit: 4, ...range });
  assert.deepEqual(ids(first.entries), [11, 10, 9, 8]);
  assert.ok(first.next);
  const second = await store.logPages.page({ limit: 4, ...range, before: first.next });
  assert.deepEqual(ids(second.entries), [7, 6, 5]);
  assert.equal(second.next, null);
});

test('filters combine with each other and with status and key', async () => {
  assert.deepEqual(ids((await store.logPages.page({ limit: 50, clientFormat: 'anthropic', key: 'bob', from: T0 + 18_000 })).entries), [19, 18]);
  assert.deepEqual((await store.logPages.page({ limit: 50, clientFormat: 'anthropic', status: 'error' })).entries, []);
  assert.equal((await store.logPages.page({ limit: 50, account: 'conn-a', to: T0 + 3000 })).entries.length, 3);
});
