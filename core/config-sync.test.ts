import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './config/index.js';
import { connectionSecretRef, syncConfig } from './config-sync.js';
import { BUILTIN_PROVIDERS } from './providers/builtin.js';
import { createSecretStore } from './secrets/index.js';
import { openStore } from './store/index.js';

function config(yaml: string) {
  const r = parseConfig(yaml, { fileName: 'c.yaml', env: {}, builtinProviderIds: Object.keys(BUILTIN_PROVIDERS) });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.config;
}

test('config sync: keys go to the secret store only, and dropped connections are removed', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-sync-'));
  try {
    const store = await openStore({ dataDir });
    const secrets = await createSecretStore({ dataDir, preferKeychain: false });
    const canaryA = 'sk-canary-aaaaaaaaaaaaaaaa';
    const canaryB = 'sk-canary-bbbbbbbbbbbbbbbb';
    await syncConfig({
      store,
      secrets,
      config: config(`connections:\n  - { provider: openai, label: a, apiKey: ${canaryA} }\n  - { provider: deepseek, label: b, apiKey: ${canaryB}, priority: 5 }\n`),
    });
    let rows = await store.connections.list();
    assert.deepEqual(rows.map((r) => [r.providerId, r.label, r.priority]).sort(), [['deepseek', 'b', 5], ['openai', 'a', 100]]);
    assert.equal(await secrets.get(connectionSecretRef('deepseek', 'b')), canaryB);

    await syncConfig({ store, secrets, config: config(`connections:\n  - { provider: openai, label: a, apiKey: ${canaryA} }\n`) });
    rows = await store.connections.list();
    assert.deepEqual(rows.map((r) => r.label), ['a']);
    assert.equal(await secrets.get(connectionSecretRef('deepseek', 'b')), null);
    await store.close();

    // No file in the data dir holds a key in clear (the database, its WAL, the secrets file).
    for (const name of await readdir(dataDir)) {
      const bytes = await readFile(join(dataDir, name));
      assert.ok(!bytes.includes(canaryA) && !bytes.includes(canaryB), `${name} holds a key in clear`);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
