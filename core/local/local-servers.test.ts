import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminRefusal } from '../accounts/admin-refusal.js';
import { createConnectionAdmin } from '../accounts/connection-admin.js';
import { MODELS_SETTING_PREFIX, type RefreshedModels } from '../accounts/provider-admin.js';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { createSecretStore } from '../secrets/index.js';
import { openStore } from '../store/index.js';
import { createLocalServers } from './local-servers.js';

const root = await mkdtemp(join(tmpdir(), 'omniroute-local-'));
after(() => rm(root, { recursive: true, force: true }));

/** An Ollama stand-in whose tag list the test changes. */
async function fakeOllama(models: string[]): Promise<{ port: number; models: string[]; close(): Promise<void> }> {
  const state = { models };
  const server: Server = createServer((req, res) => {
    const body = req.url === '/api/version' ? { version: '0.6.2' } : req.url === '/api/tags' ? { models: state.models.map((name) => ({ name })) } : undefined;
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get models() {
      return state.models;
    },
    set models(next) {
      state.models = next;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Ollama's own base URL (with its path, if any) at another port. */
const ollamaAt = (port: number) => (BUILTIN_PROVIDERS.ollama?.baseUrl ?? '').replace(/:\d+/, `:${port}`);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function setup(ollamaPort: number) {
  const dataDir = await mkdtemp(join(root, 'g-'));
  const store = await openStore({ dataDir });
  const secrets = await createSecretStore({ dataDir, preferKeychain: false });
  const providers = Object.values(BUILTIN_PROVIDERS);
  let reloads = 0;
  const reload = async () => void (reloads += 1);
  const connections = createConnectionAdmin({ store, secrets, findProvider: (id) => providers.find((p) => p.id === id), reload, now: () => 1000 });
  // The other three look where nothing listens.
  const none = await closedPort();
  const local = createLocalServers({ store, connections, providers: () => providers, reload, now: () => 2000, detect: { ports: { ollama: ollamaPort, lmstudio: none, llamacpp: none, vllm: none } } });
  return { store, secrets, connections, local, reloads: () => reloads };
}

test('a found server is added with no key, once, and its live list is stored for routing', async () => {
  const ollama = await fakeOllama(['llama3.2:latest', 'qwen2.5-coder:7b']);
  const { store, secrets, local, reloads } = await setup(ollama.port);
  try {
    const first = await local.detect();
    assert.deepEqual(first.servers, [
      { provider: 'ollama', name: 'Ollama', baseUrl: ollamaAt(ollama.port), models: ['llama3.2:latest', 'qwen2.5-coder:7b'], version: '0.6.2', connection: null },
    ]);
    assert.equal(await store.settings.get(MODELS_SETTING_PREFIX + 'ollama'), undefined, 'not connected: no list stored');

    const added = await local.add({ provider: 'ollama' }, 'dashboard');
    assert.equal(added.connection.label, 'local');
    assert.equal(added.connection.baseUrl, ollamaAt(ollama.port));
    assert.equal(added.connection.hasKey, false);
    assert.equal(await secrets.get(`connection:ollama:local`), null, 'no secret was written');
    const stored = await store.settings.get<RefreshedModels>(MODELS_SETTING_PREFIX + 'ollama');
    assert.deepEqual(stored?.models, ['llama3.2:latest', 'qwen2.5-coder:7b']);
    assert.ok(reloads() >= 2, 'the connection and then its list reached routing');
    const [audit] = await store.audit.list({ limit: 1 });
    assert.equal(audit?.action, 'connections.create');
    assert.equal(audit?.actor, 'dashboard');
    assert.equal(audit?.detail.keySet, false);

    const cached = await local.detect({ cached: true });
    assert.deepEqual(cached.servers[0]?.connection, { id: added.connection.id, label: 'local' });
    await assert.rejects(local.add({ provider: 'ollama' }, 'dashboard'), (e: unknown) => e instanceof AdminRefusal && /already connected as "local"/.test(e.message));
    await assert.rejects(local.add({ provider: 'openai' }, 'dashboard'), (e: unknown) => e instanceof AdminRefusal && /not a local model server/.test(e.message));
    await assert.rejects(local.add({ provider: 'vllm' }, 'dashboard'), (e: unknown) => e instanceof AdminRefusal && /does not answer/.test(e.message));

    // A model pulled later is listed at the next read; a server switched off falls back to the declared (empty) list.
    ollama.models = ['llama3.2:latest', 'qwen2.5-coder:7b', 'gemma3:4b'];
    const before = reloads();
    await local.refreshModels();
    assert.deepEqual((await store.settings.get<RefreshedModels>(MODELS_SETTING_PREFIX + 'ollama'))?.models, ollama.models);
    assert.equal(reloads(), before + 1);
    await local.refreshModels();
    assert.equal(reloads(), before + 1, 'an unchanged list rebuilds nothing');
    await ollama.close();
    await local.refreshModels();
    assert.equal(await store.settings.get(MODELS_SETTING_PREFIX + 'ollama'), undefined);
  } finally {
    await local.stop();
    await ollama.close();
    await store.close();
  }
});

test('start() detects in the background; cached detection waits for it', async () => {
  const ollama = await fakeOllama(['phi4:latest']);
  const { store, local } = await setup(ollama.port);
  try {
    local.start();
    const seen = await local.detect({ cached: true });
    assert.deepEqual(seen.servers.map((s) => [s.provider, s.models]), [['ollama', ['phi4:latest']]]);
  } finally {
    await local.stop();
    await ollama.close();
    await store.close();
  }
});

test('only local providers may have an account without a key', async () => {
  const { store, connections } = await setup(await closedPort());
  try {
    for (const apiKey of [undefined, '']) {
      await assert.rejects(connections.create({ provider: 'openai', label: 'x', apiKey }, 't'), (e: unknown) => e instanceof AdminRefusal && /OpenAI needs an API key/.test(e.message));
    }
    const lm = await connections.create({ provider: 'lmstudio', label: 'desk', apiKey: '', baseUrl: 'http://127.0.0.1:1234/v1' }, 't');
    assert.equal(lm.hasKey, false);
    // No key was given for the old address, so the address may change without one.
    const moved = await connections.update({ id: lm.id, baseUrl: 'http://127.0.0.1:4321/v1' }, 't');
    assert.equal(moved.baseUrl, 'http://127.0.0.1:4321/v1');
    const withKey = await connections.create({ provider: 'vllm', label: 'gpu', apiKey: 'token-abc' }, 't');
    assert.equal(withKey.hasKey, true, 'a local server started with a key still gets it');
  } finally {
    await store.close();
  }
});
