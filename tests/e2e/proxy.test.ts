/**
 * The outbound proxy end to end: accounts set to go through a local HTTP proxy or a SOCKS5
 * proxy (with a login) reach the strict mock through it, an account with no setting does
 * not touch either, a global proxy covers accounts without their own, NO_PROXY sends a host
 * direct, the model-list refresh takes the account's proxy, and the proxy password is kept
 * in the secret store, never in the settings database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import type { SecretStore } from '../../core/secrets/index.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';
import { startHttpConnectProxy, type TestHttpProxy } from '../proxy/http-connect-proxy.js';
import { startSocks5Proxy, type TestSocks5Proxy } from '../proxy/socks5-proxy.js';

const SOCKS_LOGIN = { username: 'proxy-user', password: 'socks-secret-7f3a' };

let mock: MockUpstream;
let httpProxy: TestHttpProxy;
let socksProxy: TestSocks5Proxy;
let gateway: Gateway;
let secrets: SecretStore;
let dataDir: string;
let client: OpenAI;

function config(mockUrl: string): string {
  const account = (label: string, priority: number) => [
    '  - provider: openai',
    `    label: ${label}`,
    `    apiKey: key-${label}`,
    `    baseUrl: ${mockUrl}/v1`,
    `    priority: ${priority}`,
  ];
  const pinned = (name: string, label: string) => ['  - name: ' + name, '    members:', '      - model: openai/gpt-4o-mini', `        connection: ${label}`];
  return ['connections:', ...account('via-http', 1), ...account('via-socks', 2), ...account('direct', 3), 'combos:', ...pinned('http', 'via-http'), ...pinned('socks', 'via-socks'), ...pinned('plain', 'direct'), ''].join('\n');
}

before(async () => {
  mock = await startMockUpstream();
  httpProxy = await startHttpConnectProxy();
  socksProxy = await startSocks5Proxy({ credentials: SOCKS_LOGIN });
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-proxy-'));
  const configPath = join(dataDir, 'config.yaml');
  await writeFile(configPath, config(mock.url));
  secrets = await createSecretStore({ dataDir, preferKeychain: false });
  gateway = await createGateway({ dataDir, port: 0, configPath, secrets });
  const { url } = await gateway.start();
  client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
  const ids = new Map((await gateway.control.call('connections.list', {})).map((c) => [c.label, c.id]));
  await gateway.control.call('network.setProxy', { scope: { kind: 'connection', id: ids.get('via-http')! }, url: httpProxy.url });
  const socksUrl = `socks5://${SOCKS_LOGIN.username}:${SOCKS_LOGIN.password}@127.0.0.1:${socksProxy.port}`;
  await gateway.control.call('network.setProxy', { scope: { kind: 'connection', id: ids.get('via-socks')! }, url: socksUrl });
});

after(async () => {
  await gateway.stop();
  await Promise.all([mock.close(), httpProxy.close(), socksProxy.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const mockTarget = () => new URL(mock.url).host;

async function ask(model: string): Promise<string> {
  const answer = await client.chat.completions.create({ model, messages: [{ role: 'user', content: `through ${model}` }] });
  return answer.choices[0]!.message.content ?? '';
}

test('an account set to an HTTP proxy reaches the provider through it', async () => {
  const before = httpProxy.requests.length;
  assert.equal(await ask('http'), 'Hello! You said: through http');
  const seen = httpProxy.requests.slice(before);
  assert.ok(seen.length >= 1, 'the proxy carried the call');
  assert.ok(seen.every((r) => r.target === mockTarget()), `the proxy was asked for the mock, got ${seen.map((r) => r.target).join(', ')}`);
  assert.equal(mock.requests.at(-1)!.apiKey, 'key-via-http');
});

test('an account set to a SOCKS5 proxy with a login reaches the provider through it', async () => {
  const before = socksProxy.targets.length;
  assert.equal(await ask('socks'), 'Hello! You said: through socks');
  assert.ok(socksProxy.targets.length > before || socksProxy.connections > 0, 'the SOCKS proxy carried the call');
  assert.ok(socksProxy.targets.includes(mockTarget()));
  assert.equal(socksProxy.failedLogins, 0);
});

test('an account with no proxy setting touches neither proxy', async () => {
  const http = httpProxy.requests.length;
  const socks = socksProxy.connections;
  assert.equal(await ask('plain'), 'Hello! You said: through plain');
  assert.equal(httpProxy.requests.length, http);
  assert.equal(socksProxy.connections, socks);
});

test('a global proxy covers accounts without their own, and NO_PROXY sends a host direct', async () => {
  await gateway.control.call('network.setProxy', { scope: { kind: 'global' }, url: httpProxy.url });
  let before = httpProxy.requests.length;
  await ask('plain');
  assert.ok(httpProxy.requests.length > before, 'the global proxy carried the account without a setting');

  const view = await gateway.control.call('network.setNoProxy', { noProxy: `localhost, 127.0.0.1:${new URL(mock.url).port}` });
  assert.match(view.noProxy, /127\.0\.0\.1/);
  before = httpProxy.requests.length;
  await ask('plain');
  await ask('http');
  assert.equal(httpProxy.requests.length, before, 'NO_PROXY matched the mock, so even the account set to the proxy went direct');

  await gateway.control.call('network.setNoProxy', { noProxy: '' });
  await gateway.control.call('network.setProxy', { scope: { kind: 'global' }, url: null });
  before = httpProxy.requests.length;
  await ask('plain');
  assert.equal(httpProxy.requests.length, before, 'cleared: direct again');
});

test('the model-list refresh takes the account proxy', async () => {
  // The refresh reads the list with the best-placed account, via-http.
  const before = httpProxy.requests.length;
  const refreshed = await gateway.control.call('models.refresh', { provider: 'openai' });
  assert.ok(refreshed.models.length > 0);
  assert.ok(httpProxy.requests.slice(before).some((r) => r.target === mockTarget()), 'GET /models went through the proxy');
});

test('the proxy password lives in the secret store only, shown as ***', async () => {
  const view = await gateway.control.call('network.get', {});
  const shown = Object.values(view.connections).find((u) => u.startsWith('socks5://'));
  assert.equal(shown, `socks5://${SOCKS_LOGIN.username}:***@127.0.0.1:${socksProxy.port}`);
  assert.ok(!JSON.stringify(view).includes(SOCKS_LOGIN.password));
  // The database and its write-ahead log: a fresh write sits in the log until a checkpoint.
  const files = (await readdir(dataDir)).filter((n) => n.startsWith('omniroute.db'));
  assert.ok(files.includes('omniroute.db'), 'the settings database is where the test expects it');
  const contents = await Promise.all(files.map((name) => readFile(join(dataDir, name))));
  assert.ok(contents.some((bytes) => bytes.includes(`socks5://${SOCKS_LOGIN.username}@`)), 'the setting itself (without its password) is in the database');
  contents.forEach((bytes, i) => assert.ok(!bytes.includes(SOCKS_LOGIN.password), `${files[i]} holds no proxy password`));
  const refused = await gateway.control.call('network.setProxy', { scope: { kind: 'global' }, url: 'ftp://nope' }).catch((e: unknown) => e);
  assert.ok(refused instanceof Error);
  assert.match(refused.message, /must start with http:\/\/, https:\/\/ or socks5:\/\//);
});
