/**
 * The providers, combos and settings pages against a real gateway whose config file declares
 * a provider, an account, a combo and a setting (shown read-only, with the file's path), with
 * the strict mock upstream. Each edit made in the browser is checked in the gateway itself.
 * Assumes `npm run build:renderer` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createGateway, type Gateway } from '../core/gateway.js';
import { createSecretStore } from '../core/secrets/index.js';
import { launchChromium, openPage } from './dashboard/browser.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream/index.js';

let browser: Browser;
let mock: MockUpstream;
let gw: Gateway;
let url: string;
let dataDir: string;
let configPath: string;
let page: Page;
let problems: string[];

before(async () => {
  mock = await startMockUpstream();
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-manage-'));
  configPath = join(dataDir, 'omniroute.yaml');
  await writeFile(
    configPath,
    [
      'providers:',
      `  - { id: up-chat, format: openai-chat, baseUrl: "${mock.url}/v1", models: [mock-chat-1] }`,
      'connections:',
      '  - { provider: up-chat, label: from-file, apiKey: key-from-file }',
      'combos:',
      '  - { name: file-combo, members: [{ model: up-chat/mock-chat-1 }] }',
      'routing:',
      '  strategy: round-robin',
      '',
    ].join('\n'),
  );
  gw = await createGateway({
    dataDir,
    port: 0,
    configPath,
    rendererDir: RENDERER_DIR,
    env: process.env,
    secrets: await createSecretStore({ dataDir, preferKeychain: false }),
  });
  ({ url } = await gw.start());
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser));
  await page.goto(gw.loginLink() ?? assert.fail('no login link'));
  await page.getByTestId('listening-url').waitFor({ timeout: 15_000 });
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  await mock?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Polls the gateway for what a click started (the page does not say when its call returned). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** An option of the open select list (Kobalte keys each by its value). */
const option = (value: string) => page.locator(`[role="option"][data-key="${value}"]`);

const connections = () => gw.control.call('connections.list', {});
const account = (label: string) => page.locator(`[data-testid="account-row"][data-label="${label}"]`);
/** The list row around an account: it holds the drag handle and the move buttons. */
const accountSlot = (label: string) => page.locator('[data-testid="reorder-row"]', { has: account(label) });

async function addOpenAiAccount(label: string, key: string): Promise<void> {
  const dialog = page.getByTestId('account-dialog');
  await dialog.getByTestId('account-label').fill(label);
  await dialog.getByTestId('account-key').fill(key);
  await dialog.getByTestId('account-base-url').fill(`${mock.url}/v1`);
  await dialog.getByTestId('account-save').click();
  await dialog.waitFor({ state: 'detached' });
  await account(label).waitFor();
}

test('file-declared entries are read-only and name the config file', { timeout: 60_000 }, async () => {
  await page.getByTestId('nav-providers').click();
  const section = page.locator('[data-testid="provider-section"][data-provider-id="up-chat"]');
  await section.waitFor();
  assert.ok(((await section.getByTestId('read-only-note').textContent()) ?? '').includes(configPath));
  const row = account('from-file');
  for (const control of ['account-enabled', 'account-edit', 'account-delete']) {
    assert.equal(await row.getByTestId(control).count(), 0, control);
  }
  assert.equal(await accountSlot('from-file').getByTestId('move-up').count(), 0);
  assert.equal(await section.getByTestId('delete-provider').count(), 0);
  assert.equal(await row.getByTestId('account-test').count(), 1, 'testing changes nothing, so it stays');
  assert.deepEqual(problems, []);
});

test('accounts: add, reorder by keyboard, disable, edit (the gateway\'s refusal shown as text), test, delete', { timeout: 90_000 }, async () => {
  await page.goto(url + '/#/providers');
  await page.locator('[data-testid="catalogue-item"][data-provider-id="openai"]').getByTestId('add-account').click();
  await addOpenAiAccount('first', 'sk-first-account');
  const section = page.locator('[data-testid="provider-section"][data-provider-id="openai"]');
  await section.getByTestId('add-account').first().click();
  await addOpenAiAccount('second', 'sk-second-account');

  // Both start at the default priority; moving "second" up writes 10, 20 (lower is tried first).
  await accountSlot('second').getByTestId('move-up').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('toast-success').filter({ hasText: 'Order saved.' }).waitFor();
  const ordered = (await connections()).filter((c) => c.provider === 'openai').sort((a, b) => a.priority - b.priority);
  assert.deepEqual(
    ordered.map((c) => [c.label, c.priority]),
    [
      ['second', 10],
      ['first', 20],
    ],
  );
  assert.deepEqual(await section.getByTestId('account-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label'))), ['second', 'first']);

  await account('first').getByTestId('account-enabled').locator('input').press('Space');
  await account('first').locator('[data-health="disabled"]').waitFor();
  await until(async () => (await connections()).find((c) => c.label === 'first')?.enabled === false, 'the account is disabled in the gateway');

  // A new base URL without the key: the gateway refuses, and says why.
  await account('second').getByTestId('account-edit').click();
  const dialog = page.getByTestId('account-dialog');
  await dialog.getByTestId('account-base-url').fill(`${mock.url}/v1/`);
  await dialog.getByTestId('account-save').click();
  const refusal = page.getByTestId('toast-error').last();
  await refusal.waitFor();
  assert.match((await refusal.textContent()) ?? '', /enter the key again/);
  // Chromium logs every 4xx answer to fetch; this one was asked for.
  const expected = problems.findIndex((p) => /400 \(Bad Request\).*connections\.update/.test(p));
  assert.ok(expected !== -1, problems.join('\n'));
  problems.splice(expected, 1);
  await dialog.getByTestId('account-key').fill('sk-second-replaced');
  await dialog.getByTestId('account-save').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await connections()).find((c) => c.label === 'second')?.baseUrl, `${mock.url}/v1/`);

  await account('second').getByTestId('account-test').click();
  const result = account('second').getByTestId('test-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'true');
  assert.equal(mock.requests.at(-1)?.apiKey, 'sk-second-replaced');

  await account('first').getByTestId('account-delete').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await account('first').waitFor({ state: 'detached' });
  assert.deepEqual((await connections()).filter((c) => c.provider === 'openai').map((c) => c.label), ['second']);
  assert.deepEqual(problems, []);
});

test("a hostile upstream's error and model names are shown as text, never run as HTML", { timeout: 60_000 }, async () => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
  mock.inject({ match: { apiKey: 'key-from-file' }, times: 2, fault: { kind: 'status', status: 401, body: { error: { message: payload, type: 'invalid_request_error', code: 'invalid_api_key' } } } });
  await page.goto(url + '/#/providers');
  const row = page.locator('[data-testid="account-row"][data-label="from-file"]');
  await row.getByTestId('account-test').click();
  const message = row.getByTestId('test-message');
  await message.waitFor();
  assert.ok((await message.textContent())?.includes(payload), await message.textContent() ?? '');
  assert.equal(await row.getByTestId('test-result').locator('img, script, b').count(), 0, 'no element was made from the text');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.deepEqual(problems, []);
});

test('a custom provider is added from the form and deleted after a confirmation', { timeout: 60_000 }, async () => {
  await page.goto(url + '/#/providers');
  await page.getByTestId('add-custom-provider').click();
  const dialog = page.getByTestId('custom-provider-dialog');
  await dialog.getByTestId('custom-id').fill('local-llm');
  await dialog.getByTestId('custom-name').fill('Local LLM');
  await dialog.getByTestId('custom-base-url').fill(`${mock.url}/v1`);
  await dialog.getByTestId('custom-models').fill('mock-a\nmock-b');
  await dialog.getByTestId('custom-save').click();
  const section = page.locator('[data-testid="provider-section"][data-provider-id="local-llm"]');
  await section.waitFor();
  const entry = (await gw.control.call('providers.catalogue', {})).find((e) => e.id === 'local-llm');
  assert.deepEqual(entry && [entry.source, entry.format, entry.models.map((m) => m.id)], ['user', 'openai-chat', ['mock-a', 'mock-b']]);
  await section.getByTestId('delete-provider').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await section.waitFor({ state: 'detached' });
  assert.equal((await gw.control.call('providers.catalogue', {})).some((e) => e.id === 'local-llm'), false);
  assert.deepEqual(problems, []);
});

test('combos: create from the form, reorder members, disable, delete; the file one is read-only', { timeout: 90_000 }, async () => {
  await page.goto(url + '/#/combos');
  const fileCard = page.locator('[data-testid="combo-card"][data-combo="file-combo"]');
  await fileCard.waitFor();
  assert.equal(await fileCard.getByTestId('combo-edit').count(), 0);
  assert.equal(await fileCard.getByTestId('move-up').count(), 0);

  await page.getByTestId('new-combo').click();
  const dialog = page.getByTestId('combo-dialog');
  await dialog.getByTestId('combo-form-name').fill('dash-combo');
  for (const model of ['openai/gpt-4o', 'up-chat/mock-chat-1']) {
    await dialog.getByTestId('add-member').click();
    await dialog.getByTestId('member-model').last().click();
    await option(model).click();
  }
  await dialog.getByTestId('member-account').first().click();
  await option('second').click();
  await dialog.getByTestId('combo-save').click();
  await dialog.waitFor({ state: 'detached' });
  const card = page.locator('[data-testid="combo-card"][data-combo="dash-combo"]');
  await card.waitFor();
  const combo = () => gw.control.call('combos.list', {}).then((l) => l.find((c) => c.name === 'dash-combo'));
  assert.deepEqual((await combo())?.members, [
    { model: 'openai/gpt-4o', connection: 'second' },
    { model: 'up-chat/mock-chat-1', connection: null },
  ]);
  assert.equal(await card.getByTestId('combo-member').first().getByTestId('health').count(), 1, 'each member shows its health');

  await card.getByTestId('combo-member').first().waitFor();
  await card.getByTestId('move-down').first().click();
  await page.waitForFunction(
    () => document.querySelector('[data-combo="dash-combo"] [data-testid="combo-member"]')?.getAttribute('data-model') === 'up-chat/mock-chat-1',
  );
  assert.deepEqual((await combo())?.members.map((m) => m.model), ['up-chat/mock-chat-1', 'openai/gpt-4o']);

  // Dragging the grip works too (here: back to the first order).
  const grips = card.getByTestId('drag-handle');
  // The list re-renders when the page reloads its data after the move above: wait until both grips hold still.
  const settled = async () => {
    for (let i = 0; i < 100; i++) {
      const [a, b] = [await grips.nth(1).boundingBox(), await grips.nth(0).boundingBox()];
      await new Promise((r) => setTimeout(r, 50));
      const [a2, b2] = [await grips.nth(1).boundingBox(), await grips.nth(0).boundingBox()];
      if (a && b && a2 && b2 && a.y === a2.y && b.y === b2.y) return [a2, b2] as const;
    }
    return assert.fail('the grips did not settle');
  };
  const [from, to] = await settled();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y - 5, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 8, { steps: 10 });
  await page.mouse.up();
  await until(async () => (await combo())?.members[0]?.model === 'openai/gpt-4o', 'the drag reordered the members');
  await card.getByTestId('move-down').first().click();
  await until(async () => (await combo())?.members[0]?.model === 'up-chat/mock-chat-1', 'the members are reordered again');
  await page.waitForFunction(
    () => document.querySelector('[data-combo="dash-combo"] [data-testid="combo-member"]')?.getAttribute('data-model') === 'up-chat/mock-chat-1',
  );

  const answer = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'dash-combo', messages: [{ role: 'user', content: 'via the reordered combo' }] }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  assert.equal(mock.requests.at(-1)?.apiKey, 'key-from-file', 'the member now first is served');

  await card.getByTestId('combo-enabled').locator('input').press('Space');
  await until(async () => (await combo())?.enabled === false, 'the combo is disabled in the gateway');

  await card.getByTestId('combo-delete').click();
  // A live event reloads the page behind the open confirmation; the confirmation stays.
  const reloaded = page.waitForResponse((r) => r.url().endsWith('/api/combos.list'));
  await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'up-chat/mock-chat-1', messages: [{ role: 'user', content: 'an event while the dialog is open' }] }),
  });
  await reloaded;
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await card.waitFor({ state: 'detached' });
  assert.equal(await combo(), undefined);
  assert.deepEqual(problems, []);
});

test('settings: a change is saved; a network listen address asks first; file settings are read-only', { timeout: 60_000 }, async () => {
  await page.goto(url + '/#/settings');
  await page.getByTestId('setting-row').first().waitFor();
  assert.ok(((await page.getByTestId('config-path').textContent()) ?? '').includes(configPath));
  const strategy = page.locator('[data-testid="setting-row"][data-key="routing.strategy"]');
  assert.equal(await strategy.getByTestId('setting-value-routing.strategy').textContent(), 'Round-robin');
  assert.equal(await strategy.getByTestId('setting-input-routing.strategy').count(), 0);

  await page.getByTestId('setting-input-routing.maxAttempts').fill('3');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('save-bar').waitFor({ state: 'detached' });
  const get = async (key: string) => (await gw.control.call('settings.get', {})).settings.find((s) => s.key === key);
  assert.deepEqual([(await get('routing.maxAttempts'))?.value, (await get('routing.maxAttempts'))?.source], [3, 'user']);

  await page.getByTestId('setting-input-server.host').fill('0.0.0.0');
  await page.getByTestId('settings-save').click();
  const warning = page.getByTestId('confirm-dialog');
  await warning.waitFor();
  assert.match((await warning.textContent()) ?? '', /other machines on your network could use your accounts; gateway keys are required/);
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await warning.waitFor({ state: 'detached' });
  assert.equal((await get('server.host'))?.value, '127.0.0.1', 'nothing saved without a yes');
  await page.getByRole('button', { name: 'Discard' }).click();
  assert.deepEqual(problems, []);
});

test('theme and language switches apply at once and persist; system follows the OS', { timeout: 60_000 }, async () => {
  await page.goto(url + '/#/');
  await page.getByTestId('listening-url').waitFor();
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByTestId('theme-switch').locator('[data-value="dark"] input').check({ force: true });
  assert.equal(await theme(), 'dark');
  await page.getByTestId('language-switch').locator('[data-value="zh"] input').check({ force: true });
  assert.equal(await page.getByTestId('nav-providers').textContent(), '服务商');
  await page.reload();
  await page.getByTestId('listening-url').waitFor();
  assert.equal(await theme(), 'dark');
  assert.equal(await page.getByTestId('nav-providers').textContent(), '服务商');
  await page.getByTestId('theme-switch').locator('[data-value="system"] input').check({ force: true });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await theme(), 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.getByTestId('language-switch').locator('[data-value="en"] input').check({ force: true });
  assert.equal(await page.getByTestId('nav-providers').textContent(), 'Providers');
  assert.deepEqual(problems, []);
});
