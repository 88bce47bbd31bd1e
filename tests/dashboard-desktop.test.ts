/**
 * The Settings page's Desktop card, in headless Chromium over the IPC bridge, against a real
 * gateway given the desktop shell's real preferences service (main/desktop-prefs.ts) with the
 * real Linux start-at-login entry written into a temporary XDG config dir. Under `serve`
 * (HTTP, no desktop app) the card is not shown. Assumes `npm run build:renderer` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createGateway, type Gateway } from '../core/gateway.js';
import { createSecretStore } from '../core/secrets/index.js';
import { createMemorySettings } from '../main/app-settings.js';
import { createDesktopPrefs } from '../main/desktop-prefs.js';
import { createLoginItems } from '../main/login-items.js';
import { installIpcBridge, launchChromium, openPage, screenshot, setPrefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';

let browser: Browser;
let gw: Gateway;
let url: string;
let dir: string;
const settings = createMemorySettings();
const updateSwitches: boolean[] = [];
let xdgConfig: string;
const entryPath = () => join(xdgConfig, 'autostart', 'dev.omniroute.desktop.desktop');

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omniroute-dashboard-desktop-'));
  xdgConfig = join(dir, 'xdg-config');
  const loginItems = createLoginItems('linux', {
    electron: { getLoginItemSettings: () => assert.fail('not on Linux'), setLoginItemSettings: () => assert.fail('not on Linux') },
    xdg: { env: { XDG_CONFIG_HOME: xdgConfig }, execPath: '/opt/OmniRoute Desktop/omniroute-desktop', appId: 'dev.omniroute.desktop', name: 'OmniRoute Desktop', comment: 'Local AI gateway' },
  });
  const desktop = createDesktopPrefs({
    settings,
    loginItems,
    updates: { setEnabled: (on) => void updateSwitches.push(on) },
    updateStatus: () => ({ state: 'downloaded', version: '9.9.9', lastCheckedAt: Date.UTC(2026, 11, 3, 12) }),
    onChange: () => {},
  });
  const dataDir = join(dir, 'data');
  gw = await createGateway({ dataDir, port: 0, rendererDir: RENDERER_DIR, env: process.env, desktop, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  ({ url } = await gw.start());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the Desktop card: start at login writes the real XDG entry, each switch reaches the app at once', { timeout: 90_000 }, async () => {
  const { page, problems } = await openPage(browser);
  const bridge = await installIpcBridge(page, gw, url + '/');
  try {
    await page.goto(url + '/#/settings');
    const card = page.getByTestId('desktop-card');
    await card.waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('desktop-update-state').textContent()) ?? '', /Version 9\.9\.9 is downloaded and installs when you quit/);

    await card.getByText('Start at login (to the tray)').click();
    await until(() => existsSync(entryPath()), 'the autostart entry is written');
    const entry = readFileSync(entryPath(), 'utf8');
    assert.match(entry, /^Exec="\/opt\/OmniRoute Desktop\/omniroute-desktop" --hidden$/m);
    assert.equal((await gw.control.call('desktop.get', {})).prefs.openAtLogin, true);

    await card.getByText('Check for updates daily').click();
    await until(() => updateSwitches.length === 1, 'update checks are switched');
    assert.deepEqual(updateSwitches, [true]);
    assert.equal(settings.get('checkForUpdates'), true);

    await card.getByText('A provider fails, and recovers').click();
    await until(() => !settings.get('notifications').breaker, 'the breaker notifications are off');
    assert.equal(settings.get('notifications').quotaThreshold, true, 'the other kinds stay on');

    for (const locale of ['en', 'zh'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        await setPrefs(page, { locale, theme });
        await page.reload();
        await card.waitFor();
        const findings = [...(await lowContrastText(page)), ...(await unlabelledControls(page)), ...(locale === 'zh' ? await englishShown(page) : [])];
        assert.deepEqual(findings, [], `${locale}-${theme}`);
        await screenshot(page, `settings-desktop-${locale}-${theme}`, { fullPage: false });
      }
    }
    await setPrefs(page, { locale: 'en', theme: 'light' });
    await page.reload();
    await card.getByText('Start at login (to the tray)').click();
    await until(() => !existsSync(entryPath()), 'the autostart entry is removed');
    assert.deepEqual(bridge.httpApiCalls, []);
    assert.deepEqual(problems, []);
  } finally {
    bridge.dispose();
    await page.context().close();
  }
});

test('headless (serve, over HTTP): no Desktop card, and desktop.update is refused', { timeout: 60_000 }, async () => {
  const dataDir = join(dir, 'headless');
  const headless = await createGateway({ dataDir, port: 0, rendererDir: RENDERER_DIR, env: process.env, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  await headless.start();
  const { page, problems } = await openPage(browser);
  try {
    await page.goto(headless.loginLink() ?? assert.fail('no login link'));
    await page.waitForURL(/#\/onboarding$/, { timeout: 15_000 });
    await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
    await page.getByTestId('setting-row').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('desktop-card').count(), 0);
    await assert.rejects(headless.control.call('desktop.update', { openAtLogin: true }), /only in the desktop app/);
    assert.deepEqual(problems, []);
  } finally {
    await page.context().close();
    await headless.stop();
  }
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting until ${what}`);
}
