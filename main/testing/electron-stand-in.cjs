// A stand-in for the `electron` module, for running the built dist/main/main.js under plain
// Node where no Electron binary exists (tests/packaging.test.ts). It records what the app
// does, then plays a short session through the app's own handlers: call the control API
// over IPC, try to navigate away and open windows, close the window, pause and resume from
// the tray, quit. The record is written to $STAND_IN_REPORT when the app exits.
'use strict';
const { EventEmitter } = require('node:events');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const report = {
  windows: [],
  loadFile: [],
  channels: [],
  tooltips: [],
  menus: [],
  opened: [],
  session: [],
  steps: {},
  errors: [],
  dialogs: [],
  sandboxEnabled: false,
};
/** What the user clicks in the next native dialogs (button index), in order. */
const dialogAnswers = [];
let ready = false;

function finish(code) {
  report.exitCode = code;
  writeFileSync(process.env.STAND_IN_REPORT, JSON.stringify(report, null, 2));
  process.exit(code);
}

function makeEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

const app = new EventEmitter();
Object.assign(app, {
  requestSingleInstanceLock: () => true,
  whenReady: () => {
    ready = true;
    return Promise.resolve();
  },
  enableSandbox() {
    // Electron throws when this comes after ready; so does the stand-in.
    if (ready) throw new Error('app.enableSandbox() must be called before the app is ready');
    report.sandboxEnabled = true;
  },
  getPath: (name) => join(process.env.STAND_IN_USER_DATA, name === 'userData' ? '' : name),
  getVersion: () => '0.0.0-stand-in',
  getName: () => 'omniroute-desktop',
  setLoginItemSettings: (settings) => (report.loginItem = settings),
  exit: (code) => finish(code),
  quit() {
    const before = makeEvent();
    app.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const win of BrowserWindow.all) win.close();
    const will = makeEvent();
    app.emit('will-quit', will);
    if (!will.defaultPrevented) finish(0);
  },
});

const handlers = new Map();
const ipcMain = {
  handle(channel, listener) {
    report.channels.push(channel);
    handlers.set(channel, listener);
  },
  removeHandler: (channel) => handlers.delete(channel),
  on() {},
};

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.openHandler = null;
    this.sent = [];
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  send(channel, message) {
    this.sent.push([channel, message]);
  }
  isDestroyed() {
    return false;
  }
}

class BrowserWindow extends EventEmitter {
  static all = [];
  constructor(options) {
    super();
    BrowserWindow.all.push(this);
    report.windows.push({ show: options.show, width: options.width, height: options.height, webPreferences: options.webPreferences });
    this.webContents = new WebContents();
    this.visible = false;
    this.destroyed = false;
  }
  loadFile(path) {
    report.loadFile.push(path);
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1000, height: 700 };
  }
  close() {
    const event = makeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
  }
}

let currentMenu = null;
class Tray extends EventEmitter {
  setImage() {}
  setToolTip(text) {
    report.tooltips.push(text);
  }
  setContextMenu(menu) {
    currentMenu = menu;
    report.menus.push(menu.template.map((i) => (i.type === 'separator' ? '---' : `${i.label}${i.enabled === false ? ' (off)' : ''}`)));
  }
  destroy() {
    report.trayDestroyed = true;
  }
}

const Menu = { buildFromTemplate: (template) => ({ template }) };
const nativeImage = { createFromBuffer: (buffer, options) => ({ bytes: buffer.length, options }) };
const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] };
const shell = {
  openExternal: async (url) => void report.opened.push(url),
  openPath: async () => '',
};
const dialog = {
  async showMessageBox(...args) {
    const options = args.length > 1 ? args[1] : args[0];
    report.dialogs.push({ message: options.message, buttons: options.buttons, cancelId: options.cancelId });
    return { response: dialogAnswers.length ? dialogAnswers.shift() : options.cancelId, checkboxChecked: false };
  },
};
const clipboard = { writeText: (text) => (report.clipboard = text) };
const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      for (const permission of ['media', 'clipboard-sanitized-write']) {
        handler(null, permission, (granted) => report.session.push(`request ${permission}: ${granted}`));
      }
    },
    setPermissionCheckHandler(handler) {
      report.session.push(`check media: ${handler(null, 'media')}`);
    },
  },
};

function waitFor(predicate, what) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > 20_000) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

const lastTooltip = () => report.tooltips[report.tooltips.length - 1] ?? '';
function clickMenu(label) {
  const item = currentMenu?.template.find((i) => i.label === label);
  if (!item || !item.click) throw new Error(`no tray menu item "${label}"`);
  item.click();
}

async function playSession() {
  await waitFor(() => lastTooltip().includes('Running on'), 'the gateway to run');
  const win = BrowserWindow.all[0];
  const ownUrl = pathToFileURL(report.loadFile[0]).href;
  const invoke = (channel, frame, input) => handlers.get(channel)({ senderFrame: frame }, input);
  const s = report.steps;

  s.status = await invoke('control:gateway.status', { url: ownUrl, parent: null }, {});
  s.providers = await invoke('control:providers.list', { url: ownUrl, parent: null }, {});
  s.badInput = await invoke('control:gateway.status', { url: ownUrl, parent: null }, { x: 1 });
  s.foreignFrame = await invoke('control:gateway.status', { url: 'https://evil.example/', parent: null }, {}).then(
    () => 'answered',
    (err) => `refused: ${err.message}`,
  );

  const navigate = (url) => {
    const event = makeEvent();
    win.webContents.emit('will-navigate', event, url);
    return event.defaultPrevented ? 'blocked' : 'allowed';
  };
  // Key export and backup ask first: Cancel refuses, Continue runs.
  dialogAnswers.push(0);
  s.exportCancelled = await invoke('control:config.export', { url: ownUrl, parent: null }, {});
  dialogAnswers.push(1);
  s.backupConfirmed = await invoke('control:backup.create', { url: ownUrl, parent: null }, {});

  s.navigation = { away: navigate('https://evil.example/'), hash: navigate(`${ownUrl}#/logs`) };
  s.windowOpen = ['https://platform.openai.com/', 'file:///etc/passwd'].map((url) => win.webContents.openHandler({ url }).action);

  s.visibleBeforeClose = win.visible;
  win.close();
  s.afterClose = { visible: win.visible, destroyed: win.destroyed };

  clickMenu('Open dashboard in browser');
  clickMenu('Copy endpoint URL');
  clickMenu('Pause gateway');
  await waitFor(() => lastTooltip().endsWith('Paused'), 'pause');
  s.pausedStatus = await invoke('control:gateway.status', { url: ownUrl, parent: null }, {});
  clickMenu('Resume gateway');
  await waitFor(() => lastTooltip().includes('Running on'), 'resume');
  clickMenu('Open dashboard');
  s.visibleAfterOpen = win.visible;
  clickMenu('Quit OmniRoute Desktop');
}

setImmediate(() =>
  playSession().catch((err) => {
    report.errors.push(String(err && err.stack ? err.stack : err));
    finish(2);
  }),
);

process.on('uncaughtException', (err) => {
  report.errors.push(`uncaught: ${err.stack ?? err}`);
  finish(3);
});
process.on('unhandledRejection', (err) => {
  report.errors.push(`unhandled rejection: ${err && err.stack ? err.stack : err}`);
  finish(3);
});

exports.app = app;
exports.ipcMain = ipcMain;
exports.BrowserWindow = BrowserWindow;
exports.Tray = Tray;
exports.Menu = Menu;
exports.nativeImage = nativeImage;
exports.screen = screen;
exports.shell = shell;
exports.clipboard = clipboard;
exports.dialog = dialog;
exports.session = session;
