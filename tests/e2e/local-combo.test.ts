/**
 * A combo that falls from a cloud account to a model server on this machine and on to another
 * cloud account, and back: the cloud account rate-limited sends requests to the local Ollama
 * (keyless, cost 0); with that server gone too, the next cloud member answers; once the first
 * account's cooldown is over, it answers again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';

let cloud: MockUpstream;
let local: MockUpstream;
let gateway: Gateway;
let dataDir: string;
let client: OpenAI;

before(async () => {
  cloud = await startMockUpstream();
  local = await startMockUpstream({ requireKey: false, ollamaModels: ['llama3.2:latest'] });
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-local-combo-'));
  const configPath = join(dataDir, 'config.yaml');
  await writeFile(
    configPath,
    [
      'connections:',
      '  - provider: openai',
      '    label: cloud',
      '    apiKey: key-openai',
      `    baseUrl: ${cloud.url}/v1`,
      '  - provider: gemini',
      '    label: cloud',
      '    apiKey: key-gemini',
      `    baseUrl: ${cloud.url}/v1beta`,
      '',
    ].join('\n'),
  );
  gateway = await createGateway({ dataDir, port: 0, configPath, env: {}, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  const { url } = await gateway.start();
  client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
  // The local server is added the way the dashboard does for one found elsewhere: no key, its address.
  await gateway.control.call('connections.create', { provider: 'ollama', label: 'laptop', baseUrl: local.url });
  await gateway.control.call('combos.create', {
    name: 'offline-ready',
    strategy: 'fill-first',
    members: [{ model: 'openai/gpt-4o-mini' }, { model: 'ollama/llama3.2:latest' }, { model: 'gemini/gemini-2.5-flash' }],
  });
});

after(async () => {
  await gateway.stop();
  await cloud.close();
  await local.close().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

async function ask(text: string): Promise<{ provider: string | null; content: string; requestId: string | null }> {
  const { data, response } = await client.chat.completions.create({ model: 'offline-ready', messages: [{ role: 'user', content: text }] }).withResponse();
  return { provider: response.headers.get('x-omniroute-provider'), content: data.choices[0]!.message.content ?? '', requestId: response.headers.get('x-request-id') };
}

test('cloud -> local -> cloud, and back to the first cloud account when its cooldown ends', async () => {
  assert.equal((await ask('first')).provider, 'openai', 'the first member answers while it can');

  cloud.inject({ match: { apiKey: 'key-openai' }, fault: { kind: 'status', status: 429, retryAfter: '2' } });
  const toLocal = await ask('rate limited');
  assert.equal(toLocal.provider, 'ollama');
  assert.equal(toLocal.content, 'Hello! You said: rate limited');
  // The gateway reads the server's model list in the background too; the chat is the one on /api/chat.
  const localCall = local.requests.filter((r) => r.path === '/api/chat').at(-1);
  assert.ok(localCall, 'the local server was called on its native API');
  assert.equal(localCall.headers.authorization, undefined, 'with no credential');
  const row = (await gateway.control.call('logs.get', { id: toLocal.requestId! }))!.entry;
  assert.equal(row.costUsd, 0, 'a model server on this machine costs nothing');
  assert.equal(row.fallbacks, 1);

  await local.close();
  const toCloud = await ask('laptop asleep');
  assert.equal(toCloud.provider, 'gemini', 'the cloud member after the local one answers');
  assert.equal(toCloud.content, 'Hello! You said: laptop asleep');

  await sleep(2_100);
  assert.equal((await ask('back')).provider, 'openai', 'the first account is used again once its cooldown is over');
});

test('any OpenAI-compatible URL on this machine is added with no key, and no credential is sent to it', async () => {
  const server = await startMockUpstream({ requireKey: false });
  try {
    await gateway.control.call('providers.create', { id: 'mybox', format: 'openai-chat', baseUrl: `${server.url}/v1`, models: ['my-model'] });
    const created = await gateway.control.call('connections.create', { provider: 'mybox', label: 'main' });
    assert.equal(created.hasKey, false);
    const answer = await client.chat.completions.create({ model: 'mybox/my-model', messages: [{ role: 'user', content: 'keyless' }] });
    assert.equal(answer.choices[0]!.message.content, 'Hello! You said: keyless');
    assert.equal(server.requests.at(-1)!.headers.authorization, undefined);
  } finally {
    await server.close();
  }
});

test('the config file declares a local server with no key', async () => {
  const server = await startMockUpstream({ requireKey: false, ollamaModels: ['llama3.2:latest'] });
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-local-file-'));
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, ['connections:', '  - provider: ollama', '    label: laptop', `    baseUrl: ${server.url}`, ''].join('\n'));
  const fromFile = await createGateway({ dataDir: dir, port: 0, configPath, env: {}, secrets: await createSecretStore({ dataDir: dir, preferKeychain: false }) });
  try {
    const { url } = await fromFile.start();
    const [account] = await fromFile.control.call('connections.list', {});
    assert.deepEqual([account?.provider, account?.hasKey, account?.source], ['ollama', false, 'file']);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ollama/llama3.2:latest', messages: [{ role: 'user', content: 'from the file' }] }),
    });
    assert.equal(response.status, 200);
    // The gateway also reads the server's model list in the background; the chat is one of the calls.
    assert.equal(server.requests.filter((r) => r.path === '/api/chat').length, 1);
  } finally {
    await fromFile.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
