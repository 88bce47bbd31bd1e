import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './index.js';
import type { RequestLogEntry } from './request-log-entry.js';

test('a restart counts generations and service calls against an account, not token counts', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-quota-usage-'));
  const store = await openStore({ dataDir });
  try {
    const row = (id: string, ts: number, endpoint?: string): RequestLogEntry => ({
      id,
      ts,
      clientFormat: 'openai-chat',
      requestedModel: 'm',
      connectionId: 'acct',
      stream: false,
      status: 200,
      latencyMs: 5,
      attempts: 1,
      fallbacks: 0,
      ...(endpoint ? { endpoint } : {}),
    });
    store.requestLog.write(row('chat', 1_000));
    store.requestLog.write(row('count', 2_000, 'count_tokens'));
    store.requestLog.write(row('embed', 3_000, 'embeddings'));
    store.requestLog.write(row('old', 10, 'embeddings'));
    await store.requestLog.flush();
    assert.deepEqual((await store.quotaUsage.since('acct', 500)).map((r) => r.ts), [1_000, 3_000]);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
