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
import { createDesktopController, type DesktopController } from './desktop-controller.js';
import { createDesktopPrefs } from './desktop-prefs.js';
import { createElectronLoginItems, electronLoginApi } from './electron-login-items.js';
import { createNotifier } from './electron-notifier.js';
import { createElectronSettings } from './electron-settings.js';
import { createAppTray, type AppTray } from './electron-tray.js';
import { loadElectronUpdater } from './electron-updater-port.js';
import { createGatewayHost } from './gateway-host.js';
import { registerControlIpc, sendControlEvent } from './ipc.js';
import { hasHiddenArg, startsHidden } from './launch-hidden.js';
import { launchOptionsFromEnv } from './launch-options.js';
import { loginLaunchState } from './login-items.js';
import { createUpdateScheduler } from './update-scheduler.js';
import { createDashboardWindow, showDashboardPage } from './window.js';
import { isPermissionGranted } from './window-policy.js';

const PRODUCT_NAME = 'OmniRoute Desktop';
// electron-builder.yml's appId: the autostart entry's file name on Linux.
const APP_ID = 'dev.omniroute.desktop';
// This file is bundled to dist/main/main.js; the dashboard and preload sit beside it.
const distDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rendererDir = join(distDir, 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = join(distDir, 'preload', 'preload.cjs');
const log = (message: string) => console.log(message);

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
  const loginItems = createElectronLoginItems({
    env: process.env,
    execPath: process.execPath,
    appId: APP_ID,
    name: PRODUCT_NAME,
    comment: 'Local AI gateway for coding tools',
  });
  // An AppImage moved or replaced by an update: point the existing entry at where it is now.
  // Not in a development run, where execPath is the bare electron binary.
  if (app.isPackaged) {
    try {
      if (loginItems.isEnabled()) loginItems.setEnabled(true);
    } catch (err) {
      log(`Start at login: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const openWindow = (show: boolean, route?: string) =>
    createDashboardWindow({ preloadPath, rendererIndex, rendererUrl, settings, show, ...(route ? { route } : {}), isQuitting: () => quitting });
  const showWindow = (route?: string) => {
    if (!window || window.isDestroyed()) {
      window = openWindow(true, route);
      return;
    }
    if (route) showDashboardPage(window, rendererIndex, route);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // The controller and the updater call each other; the controller is made right below.
  let controller: DesktopController | undefined;
  const updates = createUpdateScheduler({
    loadPort: () => loadElectronUpdater(log),
    timers: { setTimeout, clearTimeout },
    enabled: settings.get('checkForUpdates'),
    onDownloaded: (version) => controller?.onUpdateDownloaded(version),
    onCheck: (event) => controller?.onUpdateCheck(event),
    log,
  });
  const prefs = createDesktopPrefs({
    settings,
    loginItems,
    updates,
    updateStatus: () => controller?.updateStatus() ?? { state: 'idle', version: null, lastCheckedAt: null },
    onChange: () => controller?.refreshTray(),
  });
  const desktop = createDesktopController({
    productName: PRODUCT_NAME,
    prefs,
    updates,
    ports: {
      showTray: (model) => tray?.show(model),
      notify: createNotifier(PRODUCT_NAME),
      showDashboard: (route) => showWindow(route),
      copyText: (text) => clipboard.writeText(text),
      openExternal: (url) => void shell.openExternal(url),
      quit: () => app.quit(),
      installUpdate: () => void updates.installNow(),
      timers: { setTimeout, clearTimeout },
      now: Date.now,
      log,
    },
  });
  controller = desktop;

  const launch = launchOptionsFromEnv(process.env);
  for (const warning of launch.warnings) console.warn(warning);
  const host = createGatewayHost({
    create: async () => {
      return createGateway({
        dataDir,
        rendererDir,
        env: process.env,
        desktop: prefs,
        ...(launch.port !== undefined ? { port: launch.port } : {}),
        ...(launch.configPath !== undefined ? { configPath: launch.configPath } : {}),
      });
    },
    onStateChange: (state) => desktop.onGatewayState(state),
    onEvent: (message) => {
      if (window) sendControlEvent(window.webContents, message);
      desktop.onGatewayEvent(message);
    },
  });
  desktop.attach(host);
  registerControlIpc({ ipcMain, api: host.control, methods: CONTROL_METHODS, rendererUrl, confirm: (method) => confirmInDialog(window, method) });

  // The tray's first state arrives from host.start() below.
  tray = createAppTray({ appRoot: app.getAppPath(), onAction: (action) => desktop.onTrayAction(action), onClick: () => showWindow() });
  // A login start while the app already runs keeps to the tray; any other second start shows the window.
  app.on('second-instance', (_event, argv) => {
    if (!hasHiddenArg(argv)) showWindow();
  });
  app.on('activate', () => showWindow());

  let stopped = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Close the gateway (and flush its request log) before the process goes away.
    event.preventDefault();
    updates.stop();
    desktop.stop();
    void host.shutdown().finally(() => {
      stopped = true;
      tray?.destroy();
      app.quit();
    });
  });

  const hidden = startsHidden({ argv: process.argv, loginItem: loginLaunchState(process.platform, electronLoginApi), startMinimized: settings.get('startMinimized') });
  if (hidden) window = openWindow(false);
  else showWindow();
  // Nothing waits on the network: the update check is a timer, quota polls run in the background.
  updates.start();
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
