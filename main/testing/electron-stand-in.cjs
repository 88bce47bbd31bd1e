// A stand-in for the `electron` module, for running the built dist/main/main.js under plain
// Node where no Electron binary exists (tests/packaging.test.ts). It records what the app
// does, then plays a short session through the app's own handlers: call the control API
// over IPC, try to navigate away and open windows, close the window; set up an account whose
// key is refused and one whose quota runs out against a local upstream, and follow the
// notifications and the tray; use the tray's switches (account, default combo, start at
// login, updates); pause and resume from the tray, quit. The record is written to
// $STAND_IN_REPORT when the app exits.
'use strict';
const { EventEmitter } = require('node:events');
const { existsSync, writeFileSync } = require('node:fs');
const http = require('node:http');
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
  images: [],
  notifications: [],
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
  getAppPath: () => process.cwd(),
  isPackaged: false,
  setLoginItemSettings: (settings) => (report.loginItem = settings),
  getLoginItemSettings: () => ({ openAtLogin: false }),
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
  loadFile(path, options) {
    report.loadFile.push(options && options.hash ? `${path}#${options.hash}` : path);
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
  constructor(image) {
    super();
    report.images.push(image.path);
  }
  setImage(image) {
    report.images.push(image.path);
  }
  setToolTip(text) {
    report.tooltips.push(text);
  }
  setContextMenu(menu) {
    currentMenu = menu;
    report.menus.push(flatMenu(menu.template).map((i) => (i.type === 'separator' ? '---' : `${i.label}${i.enabled === false ? ' (off)' : ''}${i.checked ? ' (checked)' : ''}`)));
  }
  destroy() {
    report.trayDestroyed = true;
  }
}

const Menu = { buildFromTemplate: (template) => ({ template }) };
/** Every item of a menu template, submenus flattened, in order. */
function flatMenu(items) {
  return items.flatMap((i) => (Array.isArray(i.submenu) ? [i, ...flatMenu(i.submenu)] : [i]));
}
const nativeImage = {
  createFromPath(path) {
    if (!existsSync(path)) report.errors.push(`tray icon missing: ${path}`);
    return { path, template: false, setTemplateImage(on) { this.template = on; } };
  },
};
const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });
class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    report.notifications.push({ title: this.options.title, body: this.options.body });
    shownNotifications.push(this);
  }
}
const shownNotifications = [];
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
/** The menu's first line: the gateway's status. */
const statusLine = () => currentMenu?.template[0]?.label ?? '';
const menuLabels = () => (currentMenu ? flatMenu(currentMenu.template).map((i) => i.label).filter((l) => typeof l === 'string') : []);
function clickMenu(label) {
  const item = currentMenu && flatMenu(currentMenu.template).find((i) => i.label === label);
  if (!item || !item.click) throw new Error(`no tray menu item "${label}" in ${menuLabels().join(' | ')}`);
  item.click();
}
function clickMenuStartingWith(prefix, inner) {
  const parent = currentMenu && currentMenu.template.find((i) => typeof i.label === 'string' && i.label.startsWith(prefix));
  const item = parent && Array.isArray(parent.submenu) && parent.submenu.find((i) => i.label === inner);
  if (!item || !item.click) throw new Error(`no "${inner}" under "${prefix}…" in ${menuLabels().join(' | ')}`);
  item.click();
}

async function playSession() {
  await waitFor(() => statusLine().includes('Running on'), 'the gateway to run');
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

  await playDesktopSession(invoke, ownUrl, s);

  clickMenu('Open dashboard in browser');
  clickMenu('Copy endpoint URL');
  clickMenu('Pause gateway');
  await waitFor(() => statusLine() === 'Paused', 'pause');
  s.pausedStatus = await invoke('control:gateway.status', { url: ownUrl, parent: null }, {});
  clickMenu('Resume gateway');
  await waitFor(() => statusLine().includes('Running on'), 'resume');
  clickMenu('Open dashboard');
  s.visibleAfterOpen = win.visible;
  clickMenu('Quit OmniRoute Desktop');
}

/**
 * A local upstream that answers the key sk-good and refuses any other (401), as a provider would.
 */
function startUpstream() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.headers.authorization !== 'Bearer sk-good') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      const model = JSON.parse(body || '{}').model;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What only the desktop shell does: notifications, the tray's quota view and switches, updates. */
async function playDesktopSession(invoke, ownUrl, s) {
  const frame = { url: ownUrl, parent: null };
  const call = async (method, input) => {
    const reply = await invoke(`control:${method}`, frame, input);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.value;
  };
  s.desktopBefore = await call('desktop.get', {});
  const upstream = await startUpstream();
  try {
    const base = `http://127.0.0.1:${upstream.address().port}/v1`;
    await call('providers.create', { id: 'local', format: 'openai-chat', baseUrl: base, models: ['m'] });
    // Tried first (lower priority number) and refused; then the good one, whose one request a day runs out.
    await call('connections.create', { provider: 'local', label: 'bad', apiKey: 'sk-bad', priority: 1 });
    await call('connections.create', { provider: 'local', label: 'good', apiKey: 'sk-good', priority: 2, quota: [{ kind: 'daily', limit: 1, unit: 'requests' }] });
    await call('combos.create', { name: 'team', members: [{ model: 'local/m' }] });
    const gateway = s.status.value.listening.url;
    const answer = await fetch(`${gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local/m', messages: [{ role: 'user', content: 'hello' }] }),
    });
    s.chatStatus = answer.status;
    await answer.text();

    const titles = () => report.notifications.map((n) => n.title);
    await waitFor(() => titles().includes('Quota used up: local/good') && titles().includes('local/bad needs a new key or login'), 'the quota and key notifications');
    await waitFor(() => menuLabels().some((l) => l.startsWith('local/good: used up')), 'the tray to show the used-up account');
    s.accountLines = menuLabels().filter((l) => typeof l === 'string' && l.startsWith('local/'));
    s.iconAfterEvents = report.images[report.images.length - 1];
    // A click on the quota notification opens the page about it.
    shownNotifications.find((n) => n.options.title === 'Quota used up: local/good').emit('click');
    s.afterNotificationClick = { visible: BrowserWindow.all[0].visible, loaded: report.loadFile[report.loadFile.length - 1] };

    // The default combo switch points the `default` alias at the combo.
    clickMenu('team');
    await waitFor(() => menuLabels().includes('Default combo: team'), 'the default combo');
    s.aliases = await call('aliases.list', {});

    // Quick disable of an account from its submenu.
    clickMenuStartingWith('local/good', 'Enabled');
    await waitFor(() => menuLabels().includes('local/good: disabled'), 'the account to be disabled');
    s.goodEnabled = (await call('connections.list', {})).find((c) => c.label === 'good').enabled;
  } finally {
    upstream.close();
  }

  // Start at login: the XDG entry is written and removed again.
  const entry = `${process.env.XDG_CONFIG_HOME}/autostart/dev.omniroute.desktop.desktop`;
  clickMenu('Start at login');
  await waitFor(() => existsSync(entry), 'the autostart entry');
  s.autostartWritten = true;
  s.desktopAfterLogin = await call('desktop.get', {});
  clickMenu('Start at login');
  await waitFor(() => !existsSync(entry), 'the autostart entry to go');

  // Updates: turned on from the dashboard, asked for from the tray, downloaded, installed.
  s.desktopUpdatesOn = await call('desktop.update', { checkForUpdates: true, notifications: { breaker: false } });
  clickMenu('Check for updates now');
  await waitFor(() => menuLabels().includes(`Restart to install ${process.env.STAND_IN_UPDATE_VERSION}`), 'the downloaded update');
  s.updateNotified = report.notifications.map((n) => n.title).includes(`Update ${process.env.STAND_IN_UPDATE_VERSION} is ready`);
  s.desktopAfterUpdate = await call('desktop.get', {});
  clickMenu(`Restart to install ${process.env.STAND_IN_UPDATE_VERSION}`);
  await waitFor(() => globalThis.__omnirouteUpdaterStandIn.installs === 1, 'quitAndInstall');
  s.updater = { ...globalThis.__omnirouteUpdaterStandIn, listeners: undefined };
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
exports.Notification = Notification;
exports.nativeTheme = nativeTheme;
