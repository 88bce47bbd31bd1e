/**
 * The Network card of the Settings page, in Debian's Chromium against a real gateway whose
 * environment sets HTTPS_PROXY and NO_PROXY: a global SOCKS5 proxy with a password is shown
 * with *** and survives a reload, NO_PROXY is saved, a per-account and a per-provider proxy are
 * added (by the account's label, not its id), edited and cleared, and a URL the gateway refuses
 * shows its message beside the field. Every value the page set is read back from the gateway.
 * Assumes `npm run build:renderer` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { createGateway, type Gateway } from '../core/gateway.js';
import { createSecretStore } from '../core/secrets/index.js';
import { launchChromium, openPage, screenshot, setPrefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream/index.js';

// Nothing listens on port 9 (discard): the environment's proxy is only ever shown, never reached.
const ENV = { HTTPS_PROXY: 'http://corp:envpass@127.0.0.1:9', NO_PROXY: 'localhost,127.0.0.1' };
const GLOBAL = 'socks5://alice:s3cret-pw@127.0.0.1:1080';
const GLOBAL_SHOWN = 'socks5://alice:***@127.0.0.1:1080';
const REFUSED = 'Proxy URL must start with http://, https:// or socks5://';

let browser: Browser;
let page: Page;
let problems: string[];
let gw: Gateway;
let url: string;
let dataDir: string;
let mock: MockUpstream;
let workId: string;

before(async () => {
  mock = await startMockUpstream();
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-network-'));
  gw = await createGateway({
    dataDir,
    port: 0,
    rendererDir: RENDERER_DIR,
    env: ENV,
    secrets: await createSecretStore({ dataDir, preferKeychain: false }),
  });
  ({ url } = await gw.start());
  // Two accounts on the mock (so nothing leaves this machine), named as a user would.
  const work = await gw.control.call('connections.create', { provider: 'openai', label: 'work', apiKey: 'sk-work-0123456789', baseUrl: `${mock.url}/v1` });
  await gw.control.call('connections.create', { provider: 'anthropic', label: 'personal', apiKey: 'sk-ant-personal-0123456789', baseUrl: `${mock.url}/v1` });
  workId = work.id;
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser));
  await page.goto(gw.loginLink() ?? assert.fail('a listening gateway gives a login link'));
  await page.getByTestId('listening-url').waitFor({ timeout: 15_000 });
  await setPrefs(page, { locale: 'en', theme: 'light' });
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  await mock?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const network = () => gw.control.call('network.get', {});
const card = () => page.getByTestId('network-card');
const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();

/** Polls the gateway for what a click started (the card saves without leaving the page). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** Chromium logs every 4xx answer to fetch; a refusal the test asked for is taken off the list of problems. */
function expectRefusalLogged(): void {
  const at = problems.findIndex((p) => /400 \(Bad Request\).*network\.setProxy/.test(p));
  assert.ok(at !== -1, problems.join('\n'));
  problems.splice(at, 1);
}

/** Closes the "saved" toasts, which would cover the card in a picture. */
async function closeToasts(): Promise<void> {
  const toasts = page.getByTestId('toast-success');
  for (const close of await toasts.getByRole('button').all()) await close.click().catch(() => {});
  await until(async () => (await toasts.count()) === 0, 'the toasts are closed');
}

/** The card alone, when screenshots are asked for: the whole Settings page is too tall to read. */
async function cardShot(name: string): Promise<void> {
  const dir = process.env.OMNIROUTE_SCREENSHOTS;
  if (!dir) return;
  await closeToasts();
  await mkdir(dir, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await card().screenshot({ path: join(dir, `${name}.png`) });
}

async function openSettings(): Promise<void> {
  await page.goto(`${url}/#/settings`);
  await card().getByTestId('network-global-current').waitFor({ timeout: 15_000 });
}

test('global proxy: a SOCKS5 login is shown with ***, persists, and the environment is named', { timeout: 60_000 }, async () => {
  await openSettings();
  const current = card().getByTestId('network-global-current');
  assert.equal(await text(current), 'None: calls go out directly.');
  const envNote = card().getByTestId('network-environment');
  assert.match(await text(envNote), /^The environment sets http:\/\/corp:\*\*\*@127\.0\.0\.1:9 \(HTTPS_PROXY or ALL_PROXY\)/);
  assert.match(await text(card().getByTestId('network-environment-no-proxy')), /NO_PROXY=localhost,127\.0\.0\.1/);

  await page.getByTestId('network-global-input').fill(GLOBAL);
  await page.getByTestId('network-global-save').click();
  await page.locator('[data-testid="network-global-current"]', { hasText: GLOBAL_SHOWN }).waitFor();
  assert.equal(await page.getByTestId('network-global-input').inputValue(), '', 'the field empties once saved');
  assert.match(await text(envNote), /not used while a proxy is set here/);
  assert.equal((await network()).global, GLOBAL_SHOWN);
  assert.ok(!(await page.content()).includes('s3cret-pw'), 'the password is nowhere in the page');

  await page.reload();
  await page.locator('[data-testid="network-global-current"]', { hasText: GLOBAL_SHOWN }).waitFor({ timeout: 15_000 });
  assert.deepEqual(problems, []);
});

test('a refused URL shows the gateway\'s message beside the field, and *** is not taken for a password', { timeout: 60_000 }, async () => {
  await openSettings();
  const input = page.getByTestId('network-global-input');
  await input.fill('ftp://127.0.0.1:21');
  await page.getByTestId('network-global-save').click();
  const message = page.getByTestId('network-global').locator('[aria-live="polite"]', { hasText: REFUSED });
  await message.waitFor();
  expectRefusalLogged();
  assert.match(await text(message), /for example http:\/\/127\.0\.0\.1:8080 or socks5:\/\/user:pass@127\.0\.0\.1:1080/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('toast-error').count(), 0, 'the refusal is beside the field, not in a toast');
  await cardShot('network-card-refused-en-light');
  assert.equal((await network()).global, GLOBAL_SHOWN, 'the refused URL changed nothing');

  await input.fill(GLOBAL_SHOWN);
  assert.equal(await input.getAttribute('aria-invalid'), null, 'typing clears the old message');
  await page.getByTestId('network-global-save').click();
  await page.getByTestId('network-global').locator('[aria-live="polite"]', { hasText: 'type the password itself' }).waitFor();
  assert.equal((await network()).global, GLOBAL_SHOWN);
  await input.fill('');
  assert.deepEqual(problems, []);
});

test('NO_PROXY is saved and shown after a reload', { timeout: 60_000 }, async () => {
  await openSettings();
  const input = page.getByTestId('network-no-proxy-input');
  assert.equal(await input.inputValue(), '');
  assert.equal(await page.getByTestId('network-no-proxy-save').isDisabled(), true, 'nothing to save yet');
  await input.fill('  .internal.example.com, 127.0.0.1 ');
  await page.getByTestId('network-no-proxy-save').click();
  await until(async () => (await network()).noProxy === '.internal.example.com, 127.0.0.1', 'NO_PROXY is stored');
  await page.reload();
  await card().getByTestId('network-global-current').waitFor({ timeout: 15_000 });
  await until(async () => (await input.inputValue()) === '.internal.example.com, 127.0.0.1', 'the stored NO_PROXY is shown');
  assert.deepEqual(problems, []);
});

test('per account and per provider: added by name, edited, refused inline, cleared', { timeout: 90_000 }, async () => {
  await openSettings();
  assert.equal(await text(page.getByTestId('network-scoped-none')), 'None: every account uses the global proxy.');
  const dialog = page.getByTestId('network-dialog');

  // An account, picked by its label and provider.
  await page.getByTestId('network-scoped-add').click();
  await dialog.waitFor();
  await dialog.getByTestId('network-dialog-kind').locator('[data-value="connection"] input').check({ force: true });
  await dialog.getByTestId('network-dialog-target').click();
  const options = page.locator('[role="option"]');
  await options.first().waitFor();
  assert.deepEqual((await options.allTextContents()).map((s) => s.trim()).sort(), ['personal · Anthropic', 'work · OpenAI']);
  await page.locator(`[role="option"][data-key="${workId}"]`).click();
  await dialog.getByTestId('network-dialog-url').fill('http://bob:pw-two@127.0.0.1:3128');
  await screenshot(page, 'network-dialog-en-light', { fullPage: false });
  await dialog.getByTestId('network-dialog-save').click();
  await dialog.waitFor({ state: 'detached' });
  const accountRow = page.locator(`[data-testid="network-scoped-row"][data-kind="connection"][data-id="${workId}"]`);
  await accountRow.waitFor();
  assert.equal(await text(accountRow.getByTestId('network-scoped-name')), 'work');
  assert.match(await text(accountRow), /OpenAI/);
  assert.equal(await text(accountRow.getByTestId('network-scoped-url')), 'http://bob:***@127.0.0.1:3128');
  assert.deepEqual((await network()).connections, { [workId]: 'http://bob:***@127.0.0.1:3128' });

  // A provider, then edited: a URL without a password comes back in the field.
  await page.getByTestId('network-scoped-add').click();
  await dialog.waitFor();
  await dialog.getByTestId('network-dialog-target').click();
  await page.locator('[role="option"][data-key="anthropic"]').click();
  await dialog.getByTestId('network-dialog-url').fill('http://127.0.0.1:8080');
  await dialog.getByTestId('network-dialog-save').click();
  await dialog.waitFor({ state: 'detached' });
  const providerRow = page.locator('[data-testid="network-scoped-row"][data-kind="provider"][data-id="anthropic"]');
  await providerRow.waitFor();
  assert.equal(await text(providerRow.getByTestId('network-scoped-name')), 'Anthropic');
  await page.getByRole('button', { name: 'Edit the proxy of Anthropic' }).click();
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('network-dialog-url').inputValue(), 'http://127.0.0.1:8080');
  await dialog.getByTestId('network-dialog-url').fill('https://127.0.0.1:8443');
  await dialog.getByTestId('network-dialog-save').click();
  await dialog.waitFor({ state: 'detached' });
  await until(async () => (await network()).providers['anthropic'] === 'https://127.0.0.1:8443', 'the provider proxy is edited');
  // The card shows the saved view once the save's answer is in: wait for it, not for the store.
  await until(async () => (await text(providerRow.getByTestId('network-scoped-url'))) === 'https://127.0.0.1:8443', 'the row shows the edited proxy');

  // Editing the account's: its password is never shown, so the field starts empty; a refusal stays in the dialog.
  await accountRow.getByTestId('network-scoped-edit').click();
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('network-dialog-url').inputValue(), '');
  assert.match(await text(dialog), /Now http:\/\/bob:\*\*\*@127\.0\.0\.1:3128\. Enter the whole URL again/);
  await dialog.getByTestId('network-dialog-url').fill('socks4://127.0.0.1:1080');
  await dialog.getByTestId('network-dialog-save').click();
  await dialog.locator('[aria-live="polite"]', { hasText: REFUSED }).waitFor();
  expectRefusalLogged();
  if (process.env.OMNIROUTE_SCREENSHOTS) await closeToasts();
  await screenshot(page, 'network-dialog-refused-en-light', { fullPage: false });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await network()).connections[workId], 'http://bob:***@127.0.0.1:3128', 'the refused URL changed nothing');

  await cardShot('network-card-en-light');
  for (const c of await lowContrastText(page)) assert.fail(`en-light contrast ${c}`);
  for (const c of await unlabelledControls(page)) assert.fail(`en-light no accessible name: ${c}`);

  await accountRow.getByTestId('network-scoped-clear').click();
  await accountRow.waitFor({ state: 'detached' });
  assert.deepEqual((await network()).connections, {});
  assert.equal((await network()).providers['anthropic'], 'https://127.0.0.1:8443');
  assert.deepEqual(problems, []);
});

test('in Chinese and dark: the card is translated, legible and named', { timeout: 60_000 }, async () => {
  // One account proxy again, so the list shows both kinds of row.
  await gw.control.call('network.setProxy', { scope: { kind: 'connection', id: workId }, url: 'http://bob:pw-two@127.0.0.1:3128' });
  await setPrefs(page, { locale: 'zh', theme: 'dark' });
  await openSettings();
  await page.reload();
  await page.locator('[data-testid="network-global-current"]', { hasText: GLOBAL_SHOWN }).waitFor({ timeout: 15_000 });
  await page.getByTestId('network-scoped-row').nth(1).waitFor();
  assert.equal(await text(card().locator('#settings-network')), '网络');
  const findings: string[] = [];
  for (const s of await englishShown(page)) findings.push(`English text "${s}"`);
  for (const c of await lowContrastText(page)) findings.push(`contrast ${c}`);
  for (const c of await unlabelledControls(page)) findings.push(`no accessible name: ${c}`);
  await screenshot(page, 'network-settings-zh-dark');
  await cardShot('network-card-zh-dark');

  await page.getByTestId('network-global-input').fill('ftp://127.0.0.1:21');
  await page.getByTestId('network-global-save').click();
  // The gateway's own words, in whatever language the client shows them.
  await page.getByTestId('network-global').locator('[aria-live="polite"]', { hasText: REFUSED }).waitFor();
  expectRefusalLogged();
  await cardShot('network-card-refused-zh-dark');
  await page.getByTestId('network-scoped-add').click();
  await page.getByTestId('network-dialog').waitFor();
  for (const c of await lowContrastText(page)) findings.push(`dialog contrast ${c}`);
  await screenshot(page, 'network-dialog-zh-dark', { fullPage: false });
  await page.getByTestId('network-dialog').getByRole('button', { name: '取消' }).click();
  assert.deepEqual(findings, []);
  assert.deepEqual(problems, []);
});
