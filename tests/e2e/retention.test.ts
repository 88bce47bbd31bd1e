/** server.requestLog retention: old rows and their bodies go, recent ones stay, the files stay small. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

async function chat(h: Harness, content: string): Promise<string> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content }] }),
  });
  await res.text();
  assert.equal(res.status, 200);
  return res.headers.get('x-request-id') ?? '';
}

/** Sends n requests, `parallel` at a time, and returns their ids in the order they were sent. */
async function many(h: Harness, n: number, content: (i: number) => string, parallel = 8): Promise<string[]> {
  const ids: string[] = new Array<string>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        ids[i] = await chat(h, content(i));
      }
    }),
  );
  return ids;
}

async function fileSize(path: string): Promise<number> {
  const [db, wal] = await Promise.all([stat(path).then((s) => s.size), stat(`${path}-wal`).then((s) => s.size, () => 0)]);
  return db + wal;
}

test('maxRows: the oldest rows and their bodies go, the newest stay', async () => {
  const h = await startHarness({ extraConfig: 'server:\n  requestLog:\n    maxRows: 20\n    captureBodies: true\n' });
  try {
    // One at a time, so request times follow the order of the ids.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await chat(h, `hello ${i}`));
    assert.equal((await h.gateway.store.requestBodies.get(ids[0]!)).length, 4);
    const report = await h.gateway.store.retention.prune();
    assert.equal(report.deleted, 30);
    const kept = new Set((await h.gateway.store.requestLogs.recent(100)).map((r) => r.id));
    assert.equal(kept.size, 20);
    for (const id of ids.slice(-20)) assert.ok(kept.has(id), `recent ${id} kept`);
    for (const id of ids.slice(0, 30)) assert.deepEqual(await h.gateway.store.requestBodies.get(id), [], `bodies of ${id} deleted`);
    assert.equal((await h.gateway.store.requestBodies.get(ids.at(-1)!)).length, 4);
    assert.equal((await h.gateway.store.retention.prune()).deleted, 0, 'a second prune finds nothing to do');
  } finally {
    await h.close();
  }
});

test('retentionDays: rows older than the age go, by the gateway clock, but not those of this month', async () => {
  let now = Date.parse('2026-02-26T12:00:00Z');
  const h = await startHarness({ extraConfig: 'server:\n  requestLog:\n    retentionDays: 2\n    captureBodies: true\n', gateway: { clock: () => now } });
  try {
    const old = await many(h, 6, (i) => `old ${i}`);
    now += 1 * 24 * 3600_000;
    const middle = await many(h, 3, (i) => `middle ${i}`);
    now += 1.5 * 24 * 3600_000;
    const fresh = await many(h, 4, (i) => `fresh ${i}`);
    const report = await h.gateway.store.retention.prune();
    assert.equal(report.deleted, 6);
    const kept = new Set((await h.gateway.store.requestLogs.recent(100)).map((r) => r.id));
    assert.deepEqual([...kept].sort(), [...middle, ...fresh].sort());
    for (const id of old) assert.deepEqual(await h.gateway.store.requestBodies.get(id), []);
    for (const id of middle) assert.equal((await h.gateway.store.requestBodies.get(id)).length, 4);

    // Weeks later, the rows of the current month stay, however old: budgets and quota
    // windows are read back from them after a restart.
    now = Date.parse('2026-03-20T12:00:00Z');
    assert.equal((await h.gateway.store.retention.prune()).deleted, middle.length);
    const left = new Set((await h.gateway.store.requestLogs.recent(100)).map((r) => r.id));
    assert.deepEqual([...left].sort(), [...fresh].sort());
  } finally {
    await h.close();
  }
});

test('the request log\'s file and its WAL shrink after a prune and stay bounded under load', async () => {
  const limit = 8 * 1024;
  const h = await startHarness({ extraConfig: `server:\n  requestLog:\n    maxRows: 40\n    captureBodies: true\n    bodyLimitBytes: ${limit}\n` });
  try {
    const padding = 'lorem '.repeat(limit / 6);
    const path = h.gateway.store.requestLogPath;
    // Four bodies of up to `limit` bytes a request: what 40 kept requests can occupy, plus slack.
    const bound = 40 * 4 * limit * 1.5 + 1024 * 1024;

    await many(h, 300, (i) => `${i} ${padding}`);
    const peak = await fileSize(path);
    assert.ok(peak > 2 * bound, `the burst grew the files (${peak} bytes) well past the bound`);
    await h.gateway.store.retention.prune();
    const after = await fileSize(path);
    assert.ok(after < bound, `after a prune the files take ${after} bytes, bound ${bound}`);

    for (let round = 0; round < 6; round++) {
      await many(h, 30, (i) => `${round}-${i} ${padding}`);
      await h.gateway.store.retention.prune();
      const size = await fileSize(path);
      assert.ok(size < bound, `round ${round}: ${size} bytes, bound ${bound}`);
    }
    assert.equal((await h.gateway.store.requestLogs.recent(1000)).length, 40);
  } finally {
    await h.close();
  }
});
