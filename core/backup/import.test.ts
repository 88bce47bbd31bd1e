import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectionSecretRef } from '../config-sync.js';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import type { SecretStore } from '../secrets/index.js';
import { openStore, type Store } from '../store/index.js';
import { CONFIG_DOCUMENT_FORMAT, CONFIG_DOCUMENT_VERSION, type ExportedConnection, type ExportedSecrets } from './config-document.js';
import { ConfigImportError, importConfig } from './import.js';
import { seal } from './passphrase-cipher.js';

const builtinProviderIds = Object.keys(BUILTIN_PROVIDERS);
const PASSPHRASE = 'correct horse battery';

let root = '';
const stores: Store[] = [];
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-import-unit-'));
});
after(async () => {
  for (const s of stores) await s.close();
  await rm(root, { recursive: true, force: true });
});

async function freshStore(): Promise<Store> {
  const store = await openStore({ dataDir: await mkdtemp(join(root, 's-')) });
  stores.push(store);
  return store;
}

/** An in-memory secret store; `failOnSet` makes that (1-based) call of set throw. */
function memorySecrets(failOnSet?: number): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  let sets = 0;
  return {
    kind: 'encrypted-file',
    entries,
    async get(ref) {
      return entries.get(ref) ?? null;
    },
    async set(ref, value) {
      sets++;
      if (sets === failOnSet) throw new Error('secret store write failed');
      entries.set(ref, value);
    },
    async delete(ref) {
      entries.delete(ref);
    },
  };
}

function connection(provider: string, label: string, baseUrl: string | null = null): ExportedConnection {
  return { provider, label, priority: 100, enabled: true, baseUrl };
}

async function documentOf(parts: { providers?: unknown[]; connections?: ExportedConnection[]; keys?: ExportedSecrets }): Promise<Record<string, unknown>> {
  return {
    format: CONFIG_DOCUMENT_FORMAT,
    version: CONFIG_DOCUMENT_VERSION,
    exportedAt: new Date(0).toISOString(),
    providers: parts.providers ?? [],
    connections: parts.connections ?? [],
    settings: [],
    ...(parts.keys ? { secrets: await seal(JSON.stringify(parts.keys), PASSPHRASE) } : {}),
  };
}

/** A store with a built-in OpenAI connection holding the user's key. */
async function withOpenAiKey(): Promise<{ store: Store; secrets: ReturnType<typeof memorySecrets> }> {
  const store = await freshStore();
  const secrets = memorySecrets();
  const ref = connectionSecretRef('openai', 'main');
  await secrets.set(ref, 'sk-users-own');
  await store.connections.upsert({ providerId: 'openai', label: 'main', secretRef: ref, source: 'user' });
  return { store, secrets };
}

async function snapshot(store: Store): Promise<unknown> {
  const strip = (rows: Array<{ updatedAt: number; createdAt: number }>) => rows.map(({ updatedAt: _u, createdAt: _c, ...rest }) => rest);
  return { providers: await store.providers.list(), connections: strip(await store.connections.list()), settings: await store.settings.list() };
}

/** Where keys were last sent: these tests' stores never sent any (see the orphaned-key test). */
const neverSent = (): undefined => undefined;

test('an import cannot define a custom provider with a built-in id', async () => {
  const { store, secrets } = await withOpenAiKey();
  const document = await documentOf({ providers: [{ id: 'openai', format: 'openai-chat', baseUrl: 'https://evil.example/v1' }] });
  const before = await snapshot(store);
  await assert.rejects(
    importConfig({ store, secrets, document, builtinProviderIds, lastAddress: neverSent }),
    (e: unknown) => e instanceof ConfigImportError && /"openai"/.test(e.message) && /built-in/.test(e.message),
  );
  assert.deepEqual(await snapshot(store), before);
  assert.deepEqual(await store.providers.list(), []);
});

test('an import cannot point an existing connection at a new address without its key', async () => {
  const { store, secrets } = await withOpenAiKey();
  const before = await snapshot(store);
  const moved = await documentOf({ connections: [connection('openai', 'main', 'https://evil.example/v1')] });
  await assert.rejects(
    importConfig({ store, secrets, document: moved, builtinProviderIds, lastAddress: neverSent }),
    (e: unknown) => e instanceof ConfigImportError && e.message.includes('"openai/main"') && /passphrase/.test(e.message) && /configuration file/.test(e.message),
  );
  assert.deepEqual(await snapshot(store), before);
  assert.equal(secrets.entries.get(connectionSecretRef('openai', 'main')), 'sk-users-own');

  // Same address, no key: fine, the key stays where it was going.
  const same = await documentOf({ connections: [{ ...connection('openai', 'main'), priority: 5 }] });
  await importConfig({ store, secrets, document: same, builtinProviderIds, lastAddress: neverSent });
  assert.equal((await store.connections.list())[0]?.priority, 5);

  // With its own key the connection may go anywhere.
  const keyed = await documentOf({
    connections: [connection('openai', 'main', 'https://proxy.example/v1')],
    keys: [{ provider: 'openai', label: 'main', apiKey: 'sk-for-the-proxy' }],
  });
  const result = await importConfig({ store, secrets, document: keyed, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE });
  assert.equal(result.secrets, 1);
  assert.equal((await store.connections.list())[0]?.baseUrl, 'https://proxy.example/v1');
  assert.equal(secrets.entries.get(connectionSecretRef('openai', 'main')), 'sk-for-the-proxy');
});

test('an import cannot move an existing custom provider unless it brings the keys of all its connections', async () => {
  const store = await freshStore();
  const secrets = memorySecrets();
  await store.providers.upsert('acme', { id: 'acme', format: 'openai-chat', baseUrl: 'https://acme.example/v1' });
  for (const label of ['a', 'b']) {
    await secrets.set(connectionSecretRef('acme', label), `key-${label}`);
    await store.connections.upsert({ providerId: 'acme', label, secretRef: connectionSecretRef('acme', label), source: 'user' });
  }
  const before = await snapshot(store);
  const provider = { id: 'acme', format: 'openai-chat', baseUrl: 'https://evil.example/v1' };

  const bare = await documentOf({ providers: [provider] });
  await assert.rejects(
    importConfig({ store, secrets, document: bare, builtinProviderIds, lastAddress: neverSent }),
    (e: unknown) => e instanceof ConfigImportError && e.message.includes('"acme"') && e.message.includes('"acme/a"') && /passphrase/.test(e.message),
  );
  // Keys for only one of its two connections are not enough.
  const partial = await documentOf({
    providers: [provider],
    connections: [connection('acme', 'a'), connection('acme', 'b')],
    keys: [{ provider: 'acme', label: 'a', apiKey: 'new-a' }],
  });
  await assert.rejects(
    importConfig({ store, secrets, document: partial, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE }),
    (e: unknown) => e instanceof ConfigImportError && e.message.includes('"acme/b"'),
  );
  assert.deepEqual(await snapshot(store), before);
  assert.deepEqual([...secrets.entries.values()].sort(), ['key-a', 'key-b']);

  const full = await documentOf({
    providers: [provider],
    connections: [connection('acme', 'a'), connection('acme', 'b')],
    keys: [
      { provider: 'acme', label: 'a', apiKey: 'new-a' },
      { provider: 'acme', label: 'b', apiKey: 'new-b' },
    ],
  });
  await importConfig({ store, secrets, document: full, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE });
  assert.deepEqual(await store.providers.list(), [{ id: 'acme', descriptor: provider, source: 'user' }]);
  assert.deepEqual([...secrets.entries.values()].sort(), ['new-a', 'new-b']);
});

/** Three keyed connections: the first replaces an existing key, the other two are new. */
async function threeKeys(): Promise<{ store: Store; document: Record<string, unknown>; refs: string[] }> {
  const store = await freshStore();
  await store.connections.upsert({ providerId: 'openai', label: 'one', secretRef: connectionSecretRef('openai', 'one'), source: 'user' });
  const labels = ['one', 'two', 'three'];
  const document = await documentOf({
    connections: labels.map((l) => connection('openai', l)),
    keys: labels.map((l) => ({ provider: 'openai', label: l, apiKey: `new-${l}` })),
  });
  return { store, document, refs: labels.map((l) => connectionSecretRef('openai', l)) };
}

test('a failed key write puts back the keys written before it', async () => {
  const { store, document, refs } = await threeKeys();
  const secrets = memorySecrets(3); // the first set is the existing key below
  await secrets.set(refs[0] ?? '', 'old-one');
  const before = await snapshot(store);
  await assert.rejects(importConfig({ store, secrets, document, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE }), /secret store write failed/);
  assert.deepEqual([...secrets.entries], [[refs[0], 'old-one']]);
  assert.deepEqual(await snapshot(store), before);
});

test('a failed database transaction puts back every key the import wrote', async () => {
  const { store, document, refs } = await threeKeys();
  const secrets = memorySecrets();
  await secrets.set(refs[0] ?? '', 'old-one');
  const before = await snapshot(store);
  // Fails after its writes, so the database rolls back real work too.
  const failing: Store = {
    ...store,
    transaction: (fn) =>
      store.transaction(async (repos) => {
        await fn(repos);
        throw new Error('disk I/O error');
      }),
  };
  await assert.rejects(importConfig({ store: failing, secrets, document, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE }), /disk I\/O error/);
  assert.deepEqual([...secrets.entries], [[refs[0], 'old-one']]);
  assert.deepEqual(await snapshot(store), before);
});

test('a scrypt cost that is not a power of two is an import error, not a crash', async () => {
  const store = await freshStore();
  const secrets = memorySecrets();
  const document = await documentOf({ connections: [connection('openai', 'x')], keys: [{ provider: 'openai', label: 'x', apiKey: 'k' }] });
  const sealed = document.secrets as { kdf: { N: number } };
  sealed.kdf.N = 20_000;
  await assert.rejects(
    importConfig({ store, secrets, document, builtinProviderIds, lastAddress: neverSent, passphrase: PASSPHRASE }),
    (e: unknown) => e instanceof ConfigImportError && /power of two/.test(e.message),
  );
  assert.deepEqual(await store.connections.list(), []);
});

test('a key left stored by a deleted connection goes only where it was last sent', async () => {
  const { store, secrets } = await withOpenAiKey();
  // The key of a connection "openai/old" that was deleted: no row, the key still stored.
  secrets.entries.set(connectionSecretRef('openai', 'old'), 'sk-of-a-deleted-connection');
  const lastAddress = (ref: string) => (ref === connectionSecretRef('openai', 'old') ? 'builtin:openai' : undefined);
  const before = await snapshot(store);
  const elsewhere = await documentOf({ connections: [connection('openai', 'old', 'https://evil.example/v1')] });
  await assert.rejects(
    importConfig({ store, secrets, document: elsewhere, builtinProviderIds, lastAddress }),
    (e: unknown) => e instanceof ConfigImportError && e.message.includes('"openai/old"') && /still stored/.test(e.message),
  );
  assert.deepEqual(await snapshot(store), before);
  // Never sent anywhere: refused too.
  await assert.rejects(importConfig({ store, secrets, document: elsewhere, builtinProviderIds, lastAddress: neverSent }), ConfigImportError);
  // Back to where it went: fine.
  await importConfig({ store, secrets, document: await documentOf({ connections: [connection('openai', 'old')] }), builtinProviderIds, lastAddress });
  assert.ok((await store.connections.list()).some((c) => c.label === 'old'));
});
