import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import type { ProviderDescriptor } from '../providers/types.js';
import { detectLocalServers, probeLocalServer } from './detect-local.js';
import { sameServer } from './same-server.js';

const servers: Server[] = [];
after(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: RequestListener): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const json = (body: unknown): RequestListener => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const ollamaLike: RequestListener = (req, res) => {
  if (req.url === '/api/version') return json({ version: '0.6.2' })(req, res);
  if (req.url === '/api/tags') return json({ models: [{ name: 'llama3.2:latest', size: 1 }, { name: 'qwen2.5-coder:7b' }, { name: 'bad name' }] })(req, res);
  res.writeHead(404).end('404 page not found');
};

const openAiLike: RequestListener = (req, res) => {
  if (req.url === '/v1/models') return json({ object: 'list', data: [{ id: 'qwen2.5-7b-instruct', object: 'model' }, { id: 'text-embedding-nomic' }] })(req, res);
  res.writeHead(404).end();
};

const webPage: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Jupyter</title>');
};

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const local = Object.values(BUILTIN_PROVIDERS).filter((p) => p.local);
/** The provider's own base URL (with its path, if any) at another port. */
const at = (id: string, port: number) => (BUILTIN_PROVIDERS[id]?.baseUrl ?? '').replace(/:\d+/, `:${port}`);
const ids = (p: readonly ProviderDescriptor[]) => p.map((x) => x.id).sort();

test('every built-in local provider is probed; each found server reports its models', async () => {
  assert.deepEqual(ids(local), ['llamacpp', 'lmstudio', 'ollama', 'vllm']);
  const ollama = await serve(ollamaLike);
  const lmstudio = await serve(openAiLike);
  const found = await detectLocalServers({
    providers: Object.values(BUILTIN_PROVIDERS),
    ports: { ollama, lmstudio, llamacpp: await closedPort(), vllm: await closedPort() },
  });
  assert.deepEqual(found, [
    { providerId: 'ollama', name: 'Ollama', baseUrl: at('ollama', ollama), models: ['llama3.2:latest', 'qwen2.5-coder:7b'], version: '0.6.2' },
    { providerId: 'lmstudio', name: 'LM Studio', baseUrl: at('lmstudio', lmstudio), models: ['qwen2.5-7b-instruct', 'text-embedding-nomic'] },
  ]);
});

test('nothing running: nothing found, and no error', async () => {
  const ports = Object.fromEntries(await Promise.all(local.map(async (p) => [p.id, await closedPort()] as const)));
  assert.deepEqual(await detectLocalServers({ providers: local, ports }), []);
});

test('another service on the port is not taken for a model server', async () => {
  const html = await serve(webPage);
  const otherJson = await serve(json({ status: 'ok', data: 'not a list' }));
  const idlessList = await serve(json({ data: [{ name: 'x' }, 3] }));
  // An OpenAI-compatible server on Ollama's port answers /v1 but not Ollama's own API.
  const openAiOnOllamaPort = await serve(openAiLike);
  const found = await detectLocalServers({
    providers: local,
    ports: { ollama: openAiOnOllamaPort, lmstudio: html, llamacpp: otherJson, vllm: idlessList },
  });
  assert.deepEqual(found, []);
  // A server that only says "version" in some other shape is not Ollama either.
  const wrongVersion = await serve(json({ version: 7 }));
  assert.equal(await probeLocalServer({ probe: 'ollama', baseUrl: `http://127.0.0.1:${wrongVersion}/v1`, timeoutMs: 700 }), undefined);
});

test('a server that never answers is given up on after the timeout', async () => {
  const silent = await serve(() => undefined);
  const started = Date.now();
  const found = await detectLocalServers({ providers: local.filter((p) => p.id === 'vllm'), ports: { vllm: silent }, timeoutMs: 200 });
  assert.deepEqual(found, []);
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});

test('an empty model list is still a server; an error status is not', async () => {
  const empty = await serve(json({ object: 'list', data: [] }));
  assert.deepEqual(await probeLocalServer({ probe: 'openai', baseUrl: `http://127.0.0.1:${empty}/v1`, timeoutMs: 700 }), { models: [] });
  const failing = await serve((_req, res) => void res.writeHead(500, { 'content-type': 'application/json' }).end('{"data":[]}'));
  assert.equal(await probeLocalServer({ probe: 'openai', baseUrl: `http://127.0.0.1:${failing}/v1`, timeoutMs: 700 }), undefined);
});

test('loopback spellings name the same server', () => {
  assert.ok(sameServer('http://localhost:11434/v1/', 'http://127.0.0.1:11434/v1'));
  assert.ok(!sameServer('http://127.0.0.1:11435/v1', 'http://127.0.0.1:11434/v1'));
  assert.ok(!sameServer('not a url', 'not a url'));
});
