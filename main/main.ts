/**
 * Electron entry: one instance, the gateway in this process, a tray and a dashboard window
 * that hides to the tray on close. The logic lives in the pure modules it wires together.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTROL_METHODS } from '../core/control/contract.js';
import { createGateway } from '../core/gateway.js';
import { ensureAppDataDir } from '../core/private-data-dir.js';
import { createElectronSettings } from './electron-settings.js';
import { createAppTray, type AppTray } from './electron-tray.js';
import { createGatewayHost } from './gateway-host.js';
import { registerControlIpc, sendControlEvent } from './ipc.js';
import { launchOptionsFromEnv } from './launch-options.js';
import { buildTrayModel, type TrayAction } from './tray-model.js';
import { createDashboardWindow } from './window.js';
import { isPermissionGranted } from './window-policy.js';

const PRODUCT_NAME = 'OmniRoute Desktop';
// This file is bundled to dist/main/main.js; the dashboard and preload sit beside it.
const distDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rendererDir = join(distDir, 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = join(distDir, 'preload', 'preload.cjs');

// Every renderer in the OS sandbox, whatever a window's own webPreferences say; must run before ready.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run().catch((err: unknown) => {
    console.error('OmniRoute failed to start:', err);
    app.exit(1);
  });
}

async function run(): Promise<void> {
  let quitting = false;
  let window: BrowserWindow | null = null;
  let tray: AppTray | null = null;

  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));

  const dataDir = app.getPath('userData');
  // Owner-only before anything is written into it: it holds prompts, keys and backups.
  ensureAppDataDir(dataDir);
  const settings = createElectronSettings();
  if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.get('openAtLogin') });

  const launch = launchOptionsFromEnv(process.env);
  for (const warning of launch.warnings) console.warn(warning);
  const host = createGatewayHost({
    create: async () => {
      return createGateway({
        dataDir,
        rendererDir,
        env: process.env,
        ...(launch.port !== undefined ? { port: launch.port } : {}),
        ...(launch.configPath !== undefined ? { configPath: launch.configPath } : {}),
      });
    },
    onStateChange: (state) => tray?.show(buildTrayModel(state, PRODUCT_NAME)),
    onEvent: (message) => {
      if (window) sendControlEvent(window.webContents, message);
      // A finished request may have changed what the tray shows (a key the provider refused).
      refreshTraySoon();
    },
  });
  // At most once a second, however many requests finish.
  let refreshTimer: NodeJS.Timeout | undefined;
  function refreshTraySoon(): void {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      void host.refresh();
    }, 1_000);
  }
  registerControlIpc({ ipcMain, api: host.control, methods: CONTROL_METHODS, rendererUrl, confirm: (method) => confirmInDialog(window, method) });

  const openWindow = (show: boolean) =>
    createDashboardWindow({ preloadPath, rendererIndex, rendererUrl, settings, show, isQuitting: () => quitting });
  const showWindow = () => {
    if (!window || window.isDestroyed()) {
      window = openWindow(true);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const onTrayAction = (action: TrayAction) => {
    switch (action) {
      case 'open-dashboard':
        showWindow();
        return;
      case 'open-in-browser': {
        const link = host.loginLink();
        if (link) void shell.openExternal(link);
        return;
      }
      case 'copy-url': {
        const state = host.state();
        if (state.kind === 'running' && state.status.listening) clipboard.writeText(state.status.listening.url);
        return;
      }
      case 'pause':
        void host.pause();
        return;
      case 'resume':
        void host.resume();
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  // The tray's first state arrives from host.start() below.
  tray = createAppTray(onTrayAction, showWindow);
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);

  let stopped = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Close the gateway (and flush its request log) before the process goes away.
    event.preventDefault();
    void host.shutdown().finally(() => {
      stopped = true;
      tray?.destroy();
      app.quit();
    });
  });

  if (settings.get('startMinimized')) window = openWindow(false);
  else showWindow();
  await host.start();
}

const CONFIRM_TEXT: Record<string, string> = {
  'config.export': 'Export the configuration? With keys included, whoever has the file and its passphrase can use your accounts.',
  'config.import': 'Import a configuration file? It adds or changes providers, accounts and keys.',
  'backup.create': 'Write a backup of the database (configuration and request log) to a file?',
  'backup.restore': 'Replace the current database with a backup? The current one is kept beside it.',
};

/** The native question before key export, backup, restore or import (main/ipc.ts asks it). */
async function confirmInDialog(parent: BrowserWindow | null, method: string): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    buttons: ['Cancel', 'Continue'],
    defaultId: 0,
    cancelId: 0,
    title: 'OmniRoute Desktop',
    message: CONFIRM_TEXT[method] ?? `Run ${method}?`,
  };
  const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return response === 1;
}
