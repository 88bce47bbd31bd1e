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

test("config sync: the file's combos, aliases and providers are marked as the file's, the user's stay, and ones the file drops go", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-sync-'));
  try {
    const store = await openStore({ dataDir });
    const secrets = await createSecretStore({ dataDir, preferKeychain: false });
    await store.combos.upsert('mine', { members: [{ model: 'openai/gpt-4o' }] }, 'user');
    await store.aliases.set('my-alias', 'openai/gpt-4o', 'user');
    const first = config(
      [
        'providers:',
        '  - { id: local-a, format: openai-chat, baseUrl: "http://127.0.0.1:9/v1" }',
        '  - { id: local-b, format: openai-chat, baseUrl: "http://127.0.0.1:9/v1" }',
        'combos:',
        '  - { name: team, members: [{ model: openai/gpt-4o }] }',
        '  - { name: old, members: [{ model: openai/gpt-4o }] }',
        'aliases:',
        '  fast: team',
        '  gone: team',
      ].join('\n'),
    );
    await syncConfig({ store, secrets, config: first });
    assert.deepEqual((await store.combos.list()).map((c) => [c.name, c.source]).sort(), [['mine', 'user'], ['old', 'config'], ['team', 'config']]);
    assert.deepEqual((await store.aliases.list()).map((a) => [a.from, a.source]), [['fast', 'config'], ['gone', 'config'], ['my-alias', 'user']]);
    assert.deepEqual((await store.providers.list()).map((p) => [p.id, p.source]), [['local-a', 'config'], ['local-b', 'config']]);

    // The user added an account to local-b: dropping local-b from the file hands it to the user.
    await store.connections.upsert({ providerId: 'local-b', label: 'x', baseUrl: null, secretRef: null, source: 'user' });
    const second = config('combos:\n  - { name: team, members: [{ model: openai/gpt-4o }] }\naliases:\n  fast: team\n');
    await syncConfig({ store, secrets, config: second });
    assert.deepEqual((await store.combos.list()).map((c) => c.name).sort(), ['mine', 'team']);
    assert.deepEqual((await store.aliases.list()).map((a) => a.from), ['fast', 'my-alias']);
    assert.deepEqual((await store.providers.list()).map((p) => [p.id, p.source]), [['local-b', 'user']]);
    await store.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
