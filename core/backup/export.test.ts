import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SecretStore } from '../secrets/index.js';
import { openStore } from '../store/index.js';
import { exportConfig } from './export.js';

const noSecrets: SecretStore = {
  kind: 'encrypted-file',
  get: async () => null,
  set: async () => {},
  delete: async () => {},
};

test('an export drops credentials written into base URLs and leaves other URLs as they are', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-export-unit-'));
  const store = await openStore({ dataDir: dir });
  try {
    await store.providers.upsert('acme', { id: 'acme', format: 'openai-chat', baseUrl: 'https://bob:prov-token-1@acme.example/v1' });
    await store.providers.upsert('plain', { id: 'plain', format: 'openai-chat', baseUrl: 'https://plain.example' });
    await store.connections.upsert({ providerId: 'acme', label: 'a', baseUrl: 'https://alice:conn-token-2@proxy.example:8443/v1?x=1', source: 'user' });
    await store.connections.upsert({ providerId: 'acme', label: 'b', baseUrl: 'http://only-user@10.0.0.1/v1', source: 'user' });
    await store.connections.upsert({ providerId: 'plain', label: 'c', baseUrl: 'https://plain.example', source: 'user' });
    await store.connections.upsert({ providerId: 'plain', label: 'd', source: 'user' });

    const doc = await exportConfig({ store, secrets: noSecrets, now: () => 0 });
    const text = JSON.stringify(doc);
    for (const secret of ['prov-token-1', 'conn-token-2', 'bob', 'alice', 'only-user']) assert.equal(text.includes(secret), false, `${secret} is not exported`);
    assert.deepEqual(
      doc.providers.map((p) => (p as { baseUrl: string }).baseUrl),
      ['https://acme.example/v1', 'https://plain.example'],
    );
    assert.deepEqual(
      doc.connections.map((c) => c.baseUrl),
      ['https://proxy.example:8443/v1?x=1', 'http://10.0.0.1/v1', 'https://plain.example', null],
    );
    assert.deepEqual(doc.providers[0], { id: 'acme', format: 'openai-chat', baseUrl: 'https://acme.example/v1' });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
