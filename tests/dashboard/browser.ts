/**
 * Debian's Chromium driven by playwright-core, for the dashboard suites (PLATFORM.md: never
 * `npx playwright install`), and the Electron preload bridge stood in over the real IPC
 * handlers main/ipc.ts registers.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CONTROL_METHODS } from '../../core/control/contract.js';
import type { Gateway } from '../../core/gateway.js';
import { registerControlIpc, type InvokeEvent, type IpcMainLike } from '../../main/ipc.js';
import { BRIDGE_METHODS } from '../../preload/methods.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Prefs {
  locale: 'en' | 'zh';
  theme: 'light' | 'dark' | 'system';
}

/** A page in a fresh context that records every script and console error (the suites assert the list stays empty). */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return { page, problems };
}

/** Stores the UI language and theme as a user's choice; they apply from the next page load. */
export async function setPrefs(page: Page, prefs: Prefs): Promise<void> {
  await page.evaluate((p) => {
    localStorage.setItem('omniroute.locale', p.locale);
    localStorage.setItem('omniroute.theme', p.theme);
  }, prefs);
}

/**
 * Installs what preload/bridge.ts builds, with ipcRenderer.invoke replaced by a function the
 * test exposes, over the handlers main/ipc.ts registers for the real gateway. HTTP /api calls
 * are aborted and recorded, so a test can assert the page used IPC only.
 */
export async function installIpcBridge(page: Page, gw: Gateway, rendererUrl: string): Promise<{ httpApiCalls: string[]; dispose: () => void }> {
  const handlers = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const dispose = registerControlIpc({ ipcMain, api: gw.control, methods: CONTROL_METHODS, rendererUrl });
  await page.exposeFunction('__ipcInvoke', async (channel: string, input: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: { url: page.url(), parent: null } }, input);
  });
  // A string, not a function: tsx would compile a function with helpers the page lacks.
  await page.addInitScript({
    content: `{
      const bridge = { onEvent: () => () => {} };
      for (const m of ${JSON.stringify(BRIDGE_METHODS)}) bridge[m] = (input) => window.__ipcInvoke('control:' + m, input);
      window.omniroute = Object.freeze(bridge);
    }`,
  });
  const httpApiCalls: string[] = [];
  await page.route('**/api/**', (route) => {
    httpApiCalls.push(route.request().url());
    return route.abort();
  });
  return { httpApiCalls, dispose };
}

/**
 * Writes a screenshot to $OMNIROUTE_SCREENSHOTS/<name>.png when that is set: the whole page,
 * or only the window for a dialog (its overlay covers the window, not the whole page).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.OMNIROUTE_SCREENSHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  // Let toasts fade and the fonts settle, so the picture shows the page, not a transition.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: opts.fullPage ?? true });
}
