/**
 * Local model servers in the dashboard, in Debian's Chromium against a real gateway on its
 * first run, with the shared mock upstream as keyless Ollama and LM Studio on ephemeral ports (the gateway's `localDetect`
 * points it there, so nothing on this machine's default ports matters): the setup guide shows
 * "Found Ollama with 4 models", adds it in one click and finishes with no key and no network;
 * the Providers page shows it connected, finds LM Studio on "Detect again" and adds it, and
 * takes an account for a local provider by hand with no key.
 * Assumes `npm run build:renderer` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createGateway, type Gateway } from '../core/gateway.js';
import { createSecretStore } from '../core/secrets/index.js';
import { launchChromium, openPage, screenshot, setPrefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream/index.js';
import { freePort } from './local/ports.js';

const OLLAMA_MODELS = ['llama3.2:latest', 'qwen2.5-coder:7b', 'deepseek-r1:8b', 'nomic-embed-text:latest'];

let browser: Browser;
let page: Page;
let problems: string[];
let gw: Gateway;
let url: string;
let dataDir: string;
let ollama: MockUpstream;
let lmstudioPort: number;
const servers: MockUpstream[] = [];

before(async () => {
  browser = await launchChromium();
  ollama = await startMockUpstream({ requireKey: false, ollamaModels: OLLAMA_MODELS });
  servers.push(ollama);
  const ollamaPort = Number(new URL(ollama.url).port);
  lmstudioPort = await freePort();
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-local-'));
  gw = await createGateway({
    dataDir,
    port: 0,
    rendererDir: RENDERER_DIR,
    env: {},
    secrets: await createSecretStore({ dataDir, preferKeychain: false }),
    localDetect: { ports: { ollama: ollamaPort, lmstudio: lmstudioPort, llamacpp: await freePort(), vllm: await freePort() } },
  });
  ({ url } = await gw.start());
  ({ page, problems } = await openPage(browser));
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  for (const s of servers) await s.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const serverLine = (p: Page, provider: string) => p.locator(`[data-testid="local-server"][data-provider-id="${provider}"]`);

test('first run with Ollama running: the guide offers it, adds it in one click, and setup finishes with no key', { timeout: 120_000 }, async () => {
  await page.goto(gw.loginLink() ?? assert.fail('a listening gateway gives a login link'));
  await page.waitForURL(/#\/onboarding$/, { timeout: 15_000 });
  const line = serverLine(page, 'ollama');
  await line.waitFor({ timeout: 15_000 });
  assert.equal(await line.getByTestId('local-server-text').textContent(), 'Found Ollama with 4 models');
  assert.equal(await line.getAttribute('data-connected'), 'false');
  await screenshot(page, 'local-onboarding-1-found');

  await line.getByTestId('local-add').click();
  await page.getByTestId('onboarding-connected').waitFor();
  assert.match((await page.getByTestId('onboarding-connected').textContent()) ?? '', /"local"/);
  await page.getByTestId('account-retest').click();
  const result = page.getByTestId('test-result');
  await result.waitFor({ timeout: 15_000 });
  assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
  await screenshot(page, 'local-onboarding-2-connected');
  await page.getByTestId('onboarding-next').click();

  // The combo step offers the models the server has now.
  await page.getByTestId('combo-name').fill('offline');
  await page.locator('[data-testid="combo-model"][data-model="qwen2.5-coder:7b"]').check();
  await page.locator('[data-testid="combo-model"][data-model="llama3.2:latest"]').check();
  await screenshot(page, 'local-onboarding-3-combo');
  await page.getByTestId('combo-create').click();
  await page.getByTestId('onboarding-combo-done').waitFor();
  await page.getByTestId('onboarding-next').click();
  await page.getByTestId('onboarding-key-label').fill('tools');
  await page.getByTestId('onboarding-create-key').click();
  const issued = page.getByTestId('issued-key');
  await issued.waitFor();
  const gatewayKey = ((await issued.textContent()) ?? '').trim();
  await screenshot(page, 'local-onboarding-4-finish');

  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayKey}` },
    body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  assert.match(body, /You said: hi/);
  assert.ok(ollama.requests.some((r) => r.format === 'ollama' && r.model === 'qwen2.5-coder:7b'), 'the first member of the combo, on the local server');
  await page.getByTestId('onboarding-done').click();
  await page.waitForURL(/#\/$/);
  assert.deepEqual(problems, []);
});

test('the Providers page: connected, found on "Detect again", added, and a local account by hand with no key', { timeout: 120_000 }, async () => {
  await page.goto(`${url}/#/providers`);
  const ollamaLine = serverLine(page, 'ollama');
  await ollamaLine.waitFor({ timeout: 15_000 });
  assert.equal(await ollamaLine.getByTestId('local-server-text').textContent(), 'Ollama: connected, 4 models');
  assert.equal(await ollamaLine.getByTestId('local-add').count(), 0);
  const section = page.locator('[data-testid="provider-section"][data-provider-id="ollama"]');
  await section.waitFor();
  assert.match((await section.textContent()) ?? '', /Local/);
  assert.doesNotMatch((await section.textContent()) ?? '', /No key stored/, 'a local account wants no key');

  // LM Studio starts after the gateway: the next detection finds it.
  assert.equal(await serverLine(page, 'lmstudio').count(), 0);
  const lmstudio = await startMockUpstream({ port: lmstudioPort, requireKey: false });
  servers.push(lmstudio);
  const lmCount = ((await (await fetch(`${lmstudio.url}/v1/models`)).json()) as { data: unknown[] }).data.length;
  await page.getByTestId('local-detect').click();
  const lmLine = serverLine(page, 'lmstudio');
  await lmLine.waitFor();
  assert.equal(await lmLine.getByTestId('local-server-text').textContent(), `Found LM Studio with ${lmCount} models`);
  await screenshot(page, 'local-providers-found');
  await lmLine.getByTestId('local-add').click();
  await page.locator('[data-testid="local-server"][data-provider-id="lmstudio"][data-connected="true"]').waitFor();
  assert.equal(await lmLine.getByTestId('local-server-text').textContent(), `LM Studio: connected, ${lmCount} models`);
  await page.locator('[data-testid="provider-section"][data-provider-id="lmstudio"]').waitFor();
  await screenshot(page, 'local-providers-connected');

  // By hand: a local provider's key is optional, and its address is editable.
  await page.getByTestId('provider-search').fill('vllm');
  const vllm = page.locator('[data-testid="catalogue-item"][data-provider-id="vllm"]');
  await vllm.getByTestId('add-account').click();
  const dialog = page.getByTestId('account-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('account-key').getAttribute('required'), null);
  await dialog.getByTestId('account-label').fill('gpu-box');
  await dialog.getByTestId('account-base-url').fill('http://127.0.0.1:8001/v1');
  await screenshot(page, 'local-dialog-vllm', { fullPage: false });
  await dialog.getByTestId('account-save').click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.locator('[data-testid="provider-section"][data-provider-id="vllm"] [data-testid="account-row"][data-label="gpu-box"]');
  await row.waitFor();
  const [created] = (await gw.control.call('connections.list', {})).filter((c) => c.provider === 'vllm');
  assert.equal(created?.hasKey, false);
  assert.equal(created?.baseUrl, 'http://127.0.0.1:8001/v1');
  assert.deepEqual(problems, []);
});

test('in Chinese and dark: the local lines are translated, legible and named', { timeout: 60_000 }, async () => {
  const findings: string[] = [];
  for (const [locale, theme] of [['zh', 'dark'], ['en', 'light']] as const) {
    await setPrefs(page, { locale, theme });
    for (const hash of ['#/providers', '#/onboarding']) {
      if (hash === '#/onboarding') await page.evaluate(() => localStorage.setItem('omniroute.onboarding', JSON.stringify({ step: 1, status: 'open', providerId: null, connectionId: null, comboName: null })));
      await page.goto(`${url}/${hash}`);
      await page.reload();
      await serverLine(page, 'ollama').waitFor({ timeout: 15_000 });
      const where = `local-${hash.slice(2)}-${locale}-${theme}`;
      if (locale === 'zh') for (const s of await englishShown(page)) findings.push(`${where}: English text "${s}"`);
      for (const c of await lowContrastText(page)) findings.push(`${where}: contrast ${c}`);
      for (const c of await unlabelledControls(page)) findings.push(`${where}: no accessible name: ${c}`);
      await screenshot(page, where);
    }
  }
  assert.match((await serverLine(page, 'ollama').getByTestId('local-server-text').textContent()) ?? '', /Ollama: connected, 4 models/);
  await setPrefs(page, { locale: 'zh', theme: 'dark' });
  await page.goto(`${url}/#/providers`);
  await page.reload();
  await serverLine(page, 'ollama').waitFor();
  assert.equal(await serverLine(page, 'ollama').getByTestId('local-server-text').textContent(), 'Ollama：已连接，4 个模型');
  assert.deepEqual(findings, []);
  assert.deepEqual(problems, []);
});
