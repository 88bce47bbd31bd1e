import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSecretStore, type KeychainBackend } from './index.js';
import { probeKeychain } from './keychain-store.js';

let root = '';
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-create-secrets-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${++n}`);

function memoryKeychain(): KeychainBackend & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
  };
}

test('picks the keychain when its probe succeeds, under the given service name', async () => {
  const backend = memoryKeychain();
  const dataDir = freshDir();
  const store = await createSecretStore({ dataDir, keychainBackend: backend, service: 'svc', env: {} });
  assert.equal(store.kind, 'keychain');
  assert.equal(backend.entries.size, 0, 'the probe entry is deleted again');
  await store.set('ref-1', 'secret');
  assert.deepEqual([...backend.entries], [['svc/ref-1', 'secret']]);
  assert.equal(await store.get('ref-1'), 'secret');
  await store.delete('ref-1');
  assert.equal(await store.get('ref-1'), null);
  assert.deepEqual(await readdir(dataDir).catch(() => []), []);
});

test('the default service name is omniroute-desktop', async () => {
  const backend = memoryKeychain();
  const store = await createSecretStore({ dataDir: freshDir(), keychainBackend: backend, env: {} });
  await store.set('r', 'v');
  assert.deepEqual([...backend.entries.keys()], ['omniroute-desktop/r']);
});

test('preferKeychain: false uses the encrypted file even when a keychain works', async () => {
  const backend = memoryKeychain();
  const dataDir = freshDir();
  const store = await createSecretStore({ dataDir, keychainBackend: backend, preferKeychain: false, env: {} });
  assert.equal(store.kind, 'encrypted-file');
  await store.set('r', 'v');
  assert.equal(backend.entries.size, 0);
  assert.deepEqual((await readdir(dataDir)).sort(), ['secret.key', 'secrets.json']);
});

test('a keychain that fails its probe falls back to the encrypted file and says why', async () => {
  const reasons: string[] = [];
  const broken: KeychainBackend = {
    getPassword: async () => null,
    setPassword: async () => {
      throw new Error('Cannot create an item in a locked collection');
    },
    deletePassword: async () => false,
  };
  const keyFile = join(freshDir(), 'k.key');
  const store = await createSecretStore({
    dataDir: freshDir(),
    keychainBackend: broken,
    keyFile,
    env: {},
    onKeychainUnavailable: (r) => reasons.push(r),
  });
  assert.equal(store.kind, 'encrypted-file');
  assert.equal(reasons.length, 1);
  assert.match(reasons[0] ?? '', /locked collection/);
  await store.set('r', 'v');
  assert.equal(await store.get('r'), 'v');
  await readdir(join(keyFile, '..'));
});

test('no keychain at all (null) means the encrypted file', async () => {
  const store = await createSecretStore({ dataDir: freshDir(), keychainBackend: null, env: {} });
  assert.equal(store.kind, 'encrypted-file');
});

test('the probe rejects a keychain that answers with another value or never answers', async () => {
  const liar: KeychainBackend = { ...memoryKeychain(), getPassword: async () => 'something else' };
  const lied = await probeKeychain({ backend: liar, service: 's' });
  assert.equal(lied.ok, false);

  const hanging: KeychainBackend = { ...memoryKeychain(), setPassword: () => new Promise<void>(() => {}) };
  const started = Date.now();
  const hung = await probeKeychain({ backend: hanging, service: 's', timeoutMs: 30 });
  assert.equal(hung.ok, false);
  assert.ok(!hung.ok && /did not answer/.test(hung.reason));
  assert.ok(Date.now() - started < 2_000);
});

test('OMNIROUTE_SECRET_KEY chooses the encrypted file without touching the keychain', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-secrets-env-'));
  try {
    let probed = false;
    const backend = {
      setPassword: async () => void (probed = true),
      getPassword: async () => ((probed = true), null),
      deletePassword: async () => ((probed = true), true),
    };
    const store = await createSecretStore({ dataDir, env: { OMNIROUTE_SECRET_KEY: 'ab'.repeat(32) }, keychainBackend: backend });
    assert.equal(store.kind, 'encrypted-file');
    assert.equal(probed, false);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
