/**
 * Local model servers end to end, on their real default ports (Ollama 11434, LM Studio 1234,
 * llama.cpp 8080, vLLM 8000) with the shared mock upstream standing in (keyless, Ollama's native
 * API with the models it was given, the OpenAI catalogue for the others): the gateway finds them at start
 * and on demand, finds none when none runs, adds one with no key, lists its live models on
 * /v1/models, routes `ollama/<model>` and `lmstudio/<model>` to them, and logs cost 0.
 * Skipped (with the reason) when another process on this machine holds one of the ports.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { ControlError } from '../../core/control/handlers.js';
import { BUILTIN_PROVIDERS } from '../../core/providers/builtin.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';
import { portIsFree } from '../local/ports.js';

const PORTS = { ollama: 11434, lmstudio: 1234, llamacpp: 8080, vllm: 8000 } as const;
const OLLAMA_MODELS = ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text:latest', 'deepseek-r1:8b'];

const dirs: string[] = [];
const running: MockUpstream[] = [];
const gateways: Gateway[] = [];

before(async () => {
  const taken = [];
  for (const [id, port] of Object.entries(PORTS)) if (!(await portIsFree(port))) taken.push(`${id} ${port}`);
  // The suite proves detection on the real default ports; with one taken it cannot, so it fails
  // rather than pass without having looked.
  if (taken.length > 0) throw new Error(`another process on this machine holds a default port (${taken.join(', ')}); stop it, the suite needs them all free`);
});

after(async () => {
  for (const g of gateways) await g.stop().catch(() => undefined);
  for (const s of running) await s.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function startGateway(): Promise<{ gw: Gateway; url: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-local-e2e-'));
  dirs.push(dataDir);
  const gw = await createGateway({ dataDir, port: 0, env: {}, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  gateways.push(gw);
  const { url } = await gw.start();
  return { gw, url };
}

async function stopGateway(gw: Gateway): Promise<void> {
  await gw.stop();
  gateways.splice(gateways.indexOf(gw), 1);
}

/** A keyless server on `port`: Ollama's when given its models, else an OpenAI-compatible one. */
async function serve(port: number, ollamaModels?: string[]): Promise<MockUpstream> {
  const server = await startMockUpstream({ port, requireKey: false, ...(ollamaModels ? { ollamaModels } : {}) });
  running.push(server);
  return server;
}

/** What an OpenAI-compatible stand-in lists (the mock's catalogue). */
async function openAiModels(server: MockUpstream): Promise<string[]> {
  const body = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
  return body.data.map((m) => m.id);
}

async function listed(url: string): Promise<string[]> {
  const res = await fetch(`${url}/v1/models`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: Array<{ id: string }> };
  return body.data.map((m) => m.id);
}

async function chat(url: string, model: string, stream = false): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: res.status, text: await res.text() };
}

test('no local server running: none is found, at start or on demand', async () => {
  const { gw } = await startGateway();
  assert.deepEqual((await gw.control.call('local.detect', { cached: true })).servers, []);
  assert.deepEqual((await gw.control.call('local.detect', {})).servers, []);
  await stopGateway(gw);
});

test('servers on their default ports are found at start, added with no key, listed and routed at cost 0', { timeout: 60_000 }, async () => {
  let ollama = await serve(PORTS.ollama, OLLAMA_MODELS);
  const lmstudio = await serve(PORTS.lmstudio);
  const llamacpp = await serve(PORTS.llamacpp);
  const catalogueModels = await openAiModels(lmstudio);
  const { gw, url } = await startGateway();

  // The detection the gateway ran at start, waited for (no new probe: Ollama was asked once).
  const atStart = await gw.control.call('local.detect', { cached: true });
  assert.deepEqual(
    atStart.servers.map((s) => [s.provider, s.baseUrl, s.models, s.connection]),
    [
      ['ollama', BUILTIN_PROVIDERS.ollama?.baseUrl, OLLAMA_MODELS, null],
      ['lmstudio', 'http://127.0.0.1:1234/v1', catalogueModels, null],
      ['llamacpp', 'http://127.0.0.1:8080/v1', catalogueModels, null],
    ],
  );
  assert.match(atStart.servers[0]?.version ?? '', /^\d+\.\d+/);
  assert.equal(ollama.requests.filter((r) => r.path === '/api/version').length, 1);
  assert.deepEqual(await listed(url), [], 'nothing is routable before a server is added');

  // One step, no key; the connection's address is the one detection found.
  const added = await gw.control.call('local.add', { provider: 'ollama' }, 'e2e');
  assert.equal(added.connection.baseUrl, atStart.servers[0]?.baseUrl);
  assert.equal(added.connection.hasKey, false);
  assert.deepEqual(added.models, OLLAMA_MODELS);
  const audit = (await gw.control.call('audit.list', {})).find((a) => a.action === 'connections.create');
  assert.equal(audit?.target, 'ollama/local');
  assert.equal(audit?.actor, 'e2e');
  assert.equal(audit?.detail.keySet, false);
  await assert.rejects(gw.control.call('local.add', { provider: 'ollama' }), (e: unknown) => e instanceof ControlError && /already connected/.test(e.message));

  // The connection-create door takes an empty key for a local provider, and only for one.
  await gw.control.call('connections.create', { provider: 'lmstudio', label: 'desk', apiKey: '', baseUrl: 'http://127.0.0.1:1234/v1' });
  await assert.rejects(
    gw.control.call('connections.create', { provider: 'openai', label: 'nokey', apiKey: '' }),
    (e: unknown) => e instanceof ControlError && e.code === 'invalid_input' && /needs an API key/.test(e.message),
  );
  const detected = await gw.control.call('local.detect', {});
  assert.deepEqual(
    detected.servers.map((s) => [s.provider, s.connection?.label ?? null]),
    [['ollama', 'local'], ['lmstudio', 'desk'], ['llamacpp', null]],
  );
  const catalogue = await gw.control.call('providers.catalogue', {});
  assert.deepEqual(catalogue.filter((e) => e.local).map((e) => e.id).sort(), ['llamacpp', 'lmstudio', 'ollama', 'vllm']);
  assert.equal(catalogue.find((e) => e.id === 'openai')?.local, false);

  // The live lists are what /v1/models shows.
  const models = await listed(url);
  for (const m of OLLAMA_MODELS) assert.ok(models.includes(`ollama/${m}`), `ollama/${m} in ${models.join(', ')}`);
  assert.ok(models.includes('lmstudio/gpt-4o-mini'));
  assert.ok(!models.some((m) => m.startsWith('llamacpp/')), 'a found server not added is not routed');

  // Requests reach the servers, with no credential, and cost 0.
  const viaOllama = await chat(url, 'ollama/qwen2.5-coder:7b');
  assert.equal(viaOllama.status, 200, viaOllama.text);
  assert.match(viaOllama.text, /You said: hi/);
  const upstream = ollama.requests.find((r) => r.model === 'qwen2.5-coder:7b') ?? assert.fail('Ollama saw the request');
  assert.equal(upstream.headers.authorization, undefined, 'no key, so no Authorization header');
  const viaLmStudio = await chat(url, 'lmstudio/gpt-4o-mini', true);
  assert.equal(viaLmStudio.status, 200, viaLmStudio.text);
  assert.match(viaLmStudio.text, /^data: /m);
  const lmRequest = lmstudio.requests.find((r) => r.model === 'gpt-4o-mini') ?? assert.fail('LM Studio saw the request');
  assert.equal(lmRequest.headers.authorization, undefined);
  assert.equal(llamacpp.requests.filter((r) => r.path.startsWith('/v1/chat')).length, 0);

  const { entries } = await gw.control.call('logs.list', { limit: 10 });
  const local = entries.filter((e) => e.providerId === 'ollama' || e.providerId === 'lmstudio');
  assert.equal(local.length, 2);
  for (const e of local) {
    assert.equal(e.status, 200);
    assert.equal(e.costUsd, 0, `${e.requestedModel} costs 0, not unknown`);
  }
  const summary = await gw.control.call('usage.summary', { from: 0, to: Date.now() + 1000, groupBy: 'provider' });
  assert.equal(summary.total.costUsd, 0);
  assert.equal(summary.total.unknownCostRequests, 0, 'no local request is of unknown price');

  // A model pulled later appears at the next detection; a server switched off falls back to the declared (empty) list.
  await ollama.close();
  running.splice(running.indexOf(ollama), 1);
  ollama = await serve(PORTS.ollama, [...OLLAMA_MODELS, 'gemma3:4b']);
  await gw.control.call('local.detect', {});
  assert.ok((await listed(url)).includes('ollama/gemma3:4b'));
  await ollama.close();
  running.splice(running.indexOf(ollama), 1);
  const afterOff = await gw.control.call('local.detect', {});
  assert.deepEqual(afterOff.servers.map((s) => s.provider), ['lmstudio', 'llamacpp']);
  assert.ok(!(await listed(url)).some((m) => m.startsWith('ollama/')));

  // Started after the gateway: the start's detection does not know it, the next one does.
  await serve(PORTS.vllm);
  const now = await gw.control.call('local.detect', {});
  assert.deepEqual(now.servers.find((s) => s.provider === 'vllm')?.baseUrl, 'http://127.0.0.1:8000/v1');
  await stopGateway(gw);
});

test('a connected server is read again when the gateway starts', { timeout: 30_000 }, async () => {
  for (const s of running.splice(0)) await s.close();
  const first = await serve(PORTS.ollama, ['phi4:latest']);
  const { gw, url } = await startGateway();
  await gw.control.call('local.add', { provider: 'ollama' });
  assert.deepEqual(await listed(url), ['ollama/phi4:latest']);
  await stopGateway(gw);
  await first.close();
  running.splice(running.indexOf(first), 1);
  await serve(PORTS.ollama, ['phi4:latest', 'mistral-small:24b']);
  // Same data dir: the second gateway reads the live list at its start.
  const dataDir = dirs.at(-1) ?? assert.fail('the data dir of the first gateway');
  const again = await createGateway({ dataDir, port: 0, env: {}, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  gateways.push(again);
  const { url: url2 } = await again.start();
  await again.control.call('local.detect', { cached: true });
  assert.deepEqual((await listed(url2)).sort(), ['ollama/mistral-small:24b', 'ollama/phi4:latest']);
  await stopGateway(again);
});
