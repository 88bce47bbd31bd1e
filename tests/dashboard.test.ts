/**
 * The built dashboard (dist/renderer) in Debian's Chromium against a real headless gateway:
 * over HTTP as `serve` shows it, and over the IPC bridge as the Electron window uses it
 * (the bridge is stood in by the same per-method channels main/ipc.ts registers).
 * Assumes `npm run build` ran first.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createGateway, type Gateway } from '../core/gateway.js';
import { installIpcBridge, launchChromium, openPage, screenshot } from './dashboard/browser.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';

const root = join(import.meta.dirname, '..');
let dataDir: string;
let gw: Gateway;
let url: string;
let browser: Browser;
let version: string;

before(async () => {
  version = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-'));
  const configPath = join(dataDir, 'omniroute.yaml');
  await writeFile(
    configPath,
    'connections:\n  - { provider: openai, label: main, apiKey: sk-test, baseUrl: "http://127.0.0.1:9/v1" }\n',
  );
  gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, configPath, rendererDir: RENDERER_DIR, env: process.env });
  ({ url } = await gw.start());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function expectStatusShown(page: Page): Promise<void> {
  const listening = page.getByTestId('listening-url');
  await listening.waitFor({ timeout: 15_000 });
  assert.equal(await listening.textContent(), url);
  assert.equal(await page.getByTestId('version').textContent(), `v${version}`);
  assert.equal(await page.getByTestId('provider-count').textContent(), '1');
  assert.equal(await page.getByTestId('connection-count').textContent(), '1');
  const row = page.locator('[data-testid="provider-row"][data-provider-id="openai"]');
  assert.equal(await row.count(), 1);
  const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
  assert.equal(cells[0], 'openai');
  assert.match(cells[1] ?? '', /openai/i);
  assert.equal(cells[2], 'openai-chat');
  assert.equal(cells[3], '1');
}

test('served over HTTP without a login, the dashboard says how to log in and shows nothing', { timeout: 60_000 }, async () => {
  const { page } = await openPage(browser);
  const response = await page.goto(url + '/');
  assert.equal(response?.status(), 200, 'the page itself is public: it holds no data');
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()) ?? '', /login-link/);
  assert.equal(await page.getByTestId('listening-url').count(), 0);
  await page.close();
});

test('served over HTTP, a login link opens the dashboard, which shows the real gateway status', { timeout: 60_000 }, async () => {
  const { page, problems } = await openPage(browser);
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  const link = gw.loginLink() ?? assert.fail('a listening gateway gives a login link');
  assert.ok(link.startsWith(`${url}/login?token=`), link);
  const response = await page.goto(link);
  assert.equal(response?.status(), 200);
  // The hash router may add its own `#/`; what matters is that the token left the address bar.
  const landed = new URL(page.url());
  assert.equal(landed.origin + landed.pathname + landed.search, url + '/', 'the login redirects to the dashboard, dropping the token from the address bar');
  assert.ok(landed.hash === '' || landed.hash === '#/', landed.hash);
  const headers = response?.headers() ?? {};
  assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'omniroute_session');
  assert.ok(session, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('omniroute_session')), false, 'the page script cannot read the session');

  await expectStatusShown(page);
  assert.ok(apiCalls.includes('POST /api/gateway.status'), apiCalls.join(', '));
  assert.ok(apiCalls.includes('POST /api/providers.list'), apiCalls.join(', '));
  assert.ok(apiCalls.includes('GET /api/events'), 'the page subscribes to pushed events');
  assert.deepEqual(problems, []);
  await page.close();

  // The link worked once: another browser opening it gets nothing.
  const { page: second } = await openPage(browser);
  const again = await second.goto(link);
  assert.equal(again?.status(), 401);
  assert.equal((await second.context().cookies()).length, 0);
  await second.close();
});

test('with the preload bridge present, the dashboard talks IPC only', { timeout: 60_000 }, async () => {
  const { page, problems } = await openPage(browser);
  const { httpApiCalls, dispose } = await installIpcBridge(page, gw, url + '/');

  await page.goto(url + '/');
  await expectStatusShown(page);
  assert.deepEqual(httpApiCalls, []);
  assert.deepEqual(problems, []);
  dispose();
  await page.close();
});

test('the dashboard bundle carries no zod and no gateway code', async () => {
  const assets = join(RENDERER_DIR, 'assets');
  const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js'));
  assert.ok(scripts.length > 0);
  for (const file of scripts) {
    const code = await readFile(join(assets, file), 'utf8');
    for (const marker of ['ZodError', '$ZodType', 'Unknown control method', 'better-sqlite3']) {
      assert.equal(code.includes(marker), false, `${file} contains ${marker}`);
    }
    // A node: module as an import specifier (minified code has `node:` as an object key too).
    assert.doesNotMatch(code, /["'`]node:/, `${file} imports a node: module`);
    assert.ok(code.length < 100_000, `${file} is ${code.length} bytes`);
  }
  const html = await readFile(join(RENDERER_DIR, 'index.html'), 'utf8');
  assert.match(html, /src="\.\/assets\//, 'relative asset URLs, so file:// works in Electron');
});

test('an account whose key the provider refused is listed on the status page', { timeout: 60_000 }, async () => {
  // An upstream that refuses every key, as a provider does for a revoked one.
  const refusing = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}');
  });
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
  const upstream = `http://127.0.0.1:${(refusing.address() as { port: number }).port}/v1`;
  const dir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-rejected-'));
  await writeFile(join(dir, 'omniroute.yaml'), `connections:\n  - { provider: openai, label: revoked, apiKey: sk-revoked, baseUrl: "${upstream}" }\n`);
  const gw2 = await createGateway({ dataDir: dir, host: '127.0.0.1', port: 0, configPath: join(dir, 'omniroute.yaml'), rendererDir: RENDERER_DIR, env: process.env });
  try {
    const { url: url2 } = await gw2.start();
    const chat = await fetch(`${url2}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(chat.status, 401, await chat.text());
    const { page, problems } = await openPage(browser);
    await page.goto(gw2.loginLink() ?? assert.fail('no link'));
    const row = page.getByTestId('key-rejected-row');
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /openai\/revoked.*401/);
    await screenshot(page, 'key-rejected');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await gw2.stop();
    refusing.close();
    await rm(dir, { recursive: true, force: true });
  }
});
