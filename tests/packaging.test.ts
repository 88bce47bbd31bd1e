/**
 * Packaging checks that need no Electron binary: the bundles `npm run build` writes, the
 * electron-builder config run against a stand-in Electron dist, and `npm start` without
 * Electron. Assumes `npm run build` ran first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CONTROL_METHODS } from '../core/control/contract.js';
import { DEFAULT_DESKTOP_PREFS, type DesktopView } from '../core/control/desktop-contract.js';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

test('the preload bundle is a CommonJS script that requires only electron', () => {
  const code = readFileSync(join(root, 'dist/preload/preload.cjs'), 'utf8');
  // Parses as a classic script: no import/export statements a sandboxed preload would reject.
  assert.doesNotThrow(() => new Script(code, { filename: 'preload.cjs' }));
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.ok(code.length < 20_000, `preload is ${code.length} bytes; did zod get bundled?`);
});

test('the built preload exposes window.omniroute: one function per method over its own channel', async () => {
  const code = readFileSync(join(root, 'dist/preload/preload.cjs'), 'utf8');
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, (event: unknown, message: unknown) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return { ok: true, value: channel };
      },
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const module = { exports: {} };
  const fakeRequire = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  new Script(`(function (require, module, exports) {${code}\n})`).runInThisContext()(fakeRequire, module, module.exports);

  assert.deepEqual([...exposed.keys()], ['omniroute']);
  const bridge = exposed.get('omniroute') ?? {};
  assert.deepEqual(Object.keys(bridge).sort(), [...CONTROL_METHODS, 'onEvent'].sort());
  const status = bridge['gateway.status'] as (input: unknown) => Promise<unknown>;
  assert.deepEqual(await status({}), { ok: true, value: 'control:gateway.status' });
  assert.deepEqual(invoked, [['control:gateway.status', {}]]);

  const got: unknown[] = [];
  const off = (bridge.onEvent as (l: (e: unknown) => void) => () => void)((e) => got.push(e));
  listeners.get('control:event')?.({ sender: 'not for the page' }, { name: 'request.finished', payload: {} });
  assert.deepEqual(got, [{ name: 'request.finished', payload: {} }]);
  off();
  assert.equal(listeners.size, 0);
});

test('the main bundle is ESM and leaves native and Electron-only packages external', () => {
  const code = readFileSync(join(root, 'dist/main/main.js'), 'utf8');
  for (const name of ['electron', 'better-sqlite3', 'electron-store']) {
    assert.match(code, new RegExp(`from ["']${name}["']`), `${name} is imported at run time`);
  }
  assert.match(code, /import\(["']keytar["']\)/, 'keytar stays a run-time import');
  assert.doesNotMatch(code, /node_modules\/better-sqlite3\/lib/, 'better-sqlite3 was bundled');
  assert.doesNotMatch(code, /node_modules\/electron-store\//, 'electron-store was bundled');
});

interface StandInReport {
  exitCode: number;
  errors: string[];
  windows: Array<{ webPreferences: Record<string, unknown> }>;
  loadFile: string[];
  channels: string[];
  tooltips: string[];
  menus: string[][];
  images: string[];
  notifications: Array<{ title: string; body: string }>;
  opened: string[];
  session: string[];
  clipboard?: string;
  trayDestroyed?: boolean;
  sandboxEnabled: boolean;
  dialogs: Array<{ message: string; buttons: string[] }>;
  steps: {
    status: { ok: boolean; value: { version: string; listening: { url: string } | null } };
    providers: { ok: boolean; value: unknown[] };
    badInput: { ok: boolean; error: { code: string } };
    foreignFrame: string;
    navigation: { away: string; hash: string };
    windowOpen: string[];
    visibleBeforeClose: boolean;
    afterClose: { visible: boolean; destroyed: boolean };
    pausedStatus: { ok: boolean; value: { listening: unknown } };
    visibleAfterOpen: boolean;
    exportCancelled: { ok: boolean; error: { code: string } };
    backupConfirmed: { ok: boolean };
    desktopBefore: DesktopView;
    chatStatus: number;
    accountLines: string[];
    iconAfterEvents: string;
    afterNotificationClick: { visible: boolean; loaded: string };
    aliases: Array<{ from: string; to: string }>;
    goodEnabled: boolean;
    autostartWritten: boolean;
    desktopAfterLogin: DesktopView;
    desktopUpdatesOn: DesktopView;
    updateNotified: boolean;
    desktopAfterUpdate: DesktopView;
    updater: { checks: number; installs: number; settings: { autoDownload: boolean; autoInstallOnAppQuit: boolean; customLogger: boolean } };
  };
}

test('the built main process runs a whole session against a stand-in electron module', { timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'omniroute-main-'));
  try {
    const reportPath = join(work, 'report.json');
    const userData = join(work, 'userData');
    const xdgConfig = join(work, 'xdg-config');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STAND_IN_REPORT: reportPath,
      STAND_IN_USER_DATA: userData,
      OMNIROUTE_PORT: '0',
      // Start at login writes the XDG autostart entry here, never into the real ~/.config.
      XDG_CONFIG_HOME: xdgConfig,
      STAND_IN_UPDATE_VERSION: '9.9.9',
    };
    delete env.APPIMAGE;
    delete env.ELECTRON_RUN_AS_NODE;
    const run = spawnSync(
      process.execPath,
      ['--import', './main/testing/register-electron-stand-in.mjs', 'dist/main/main.js'],
      { cwd: root, env, encoding: 'utf8', timeout: 50_000 },
    );
    assert.ok(existsSync(reportPath), `no report; the app exited ${run.status}:\n${run.stderr}`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as StandInReport;
    assert.deepEqual(report.errors, []);
    assert.equal(report.exitCode, 0);
    assert.equal(run.status, 0);

    // The window: locked down, loading the built dashboard with the built preload.
    const prefs = report.windows[0]?.webPreferences ?? {};
    assert.equal(prefs.preload, join(root, 'dist/preload/preload.cjs'));
    assert.deepEqual([prefs.contextIsolation, prefs.sandbox, prefs.nodeIntegration, prefs.webSecurity], [true, true, false, true]);
    assert.equal(report.loadFile[0], join(root, 'dist/renderer/index.html'));
    assert.deepEqual(report.session, [
      'request media: false',
      'request clipboard-sanitized-write: true',
      'check media: false',
    ]);

    // IPC: every contract method, answered for our page only.
    assert.deepEqual(report.channels.sort(), CONTROL_METHODS.map((m) => `control:${m}`).sort());
    const { steps } = report;
    assert.equal(steps.status.ok, true);
    assert.match(steps.status.value.listening?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(steps.status.value.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    assert.deepEqual(steps.providers, { ok: true, value: [] });
    assert.equal(steps.badInput.error.code, 'invalid_input');
    assert.match(steps.foreignFrame, /^refused/);

    // Navigation and new windows stay shut; https links go to the system browser.
    assert.deepEqual(steps.navigation, { away: 'blocked', hash: 'allowed' });
    assert.deepEqual(steps.windowOpen, ['deny', 'deny']);
    // The tray's "Open dashboard in browser" hands the system browser a one-time login link.
    assert.equal(report.opened[0], 'https://platform.openai.com/');
    assert.match(report.opened[1] ?? '', /^http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]{43}$/);
    assert.equal(report.opened.length, 2);

    // Every renderer sandboxed; key export and backup run only after the user's Continue.
    assert.equal(report.sandboxEnabled, true);
    assert.equal(steps.exportCancelled.ok, false);
    assert.equal(steps.exportCancelled.error.code, 'forbidden');
    assert.equal(steps.backupConfirmed.ok, true, JSON.stringify(steps.backupConfirmed));
    assert.deepEqual(report.dialogs.map((d) => d.buttons), [['Cancel', 'Continue'], ['Cancel', 'Continue']]);
    assert.match(report.dialogs[0]?.message ?? '', /keys/);

    // Close hides to the tray; the tray pauses, resumes, reopens and quits.
    assert.equal(steps.visibleBeforeClose, true);
    assert.deepEqual(steps.afterClose, { visible: false, destroyed: false });
    assert.equal(report.clipboard, steps.status.value.listening?.url);
    assert.equal(steps.pausedStatus.value.listening, null);
    assert.equal(steps.visibleAfterOpen, true);
    // The tray's status line through the session, each state once in a row.
    const states = report.menus.map((m) => (m[0] ?? '').split(' ')[0]).filter((k, i, all) => k !== all[i - 1]);
    assert.deepEqual(states, ['Starting…', 'Running', 'Paused', 'Starting…', 'Running', 'Paused']);
    assert.equal(report.trayDestroyed, true);

    // Desktop preferences over the contract: off by default, then as the dashboard set them.
    assert.deepEqual(steps.desktopBefore, { available: true, prefs: DEFAULT_DESKTOP_PREFS, update: { state: 'idle', version: null, lastCheckedAt: null } });
    assert.equal(steps.desktopUpdatesOn.prefs.checkForUpdates, true);
    assert.equal(steps.desktopUpdatesOn.prefs.notifications.breaker, false);

    // A refused key and a used-up window: notified, shown in the tray, the icon at its level.
    assert.equal(steps.chatStatus, 200, 'the request fell through the refused key to the good account');
    const titles = report.notifications.map((n) => n.title);
    assert.ok(titles.includes('local/bad needs a new key or login'), titles.join(', '));
    assert.ok(titles.includes('Quota used up: local/good'));
    assert.equal(titles.filter((t) => t === 'Quota used up: local/good').length, 1, 'told once');
    assert.match(steps.accountLines.join('\n'), /^local\/bad: key refused: replace it$/m);
    assert.match(steps.accountLines.join('\n'), /^local\/good: used up · resets in /m);
    assert.equal(steps.iconAfterEvents, join(root, 'resources/tray/error-light.png'), 'a refused key is the most urgent account state');
    assert.equal(report.images[0], join(root, 'resources/tray/starting-light.png'));
    // Its click opens the dashboard on the page about it.
    assert.deepEqual(steps.afterNotificationClick, { visible: true, loaded: `${join(root, 'dist/renderer/index.html')}#/quota` });

    // The tray's switches: default combo, an account off, start at login on and off again.
    assert.deepEqual(steps.aliases.map((a) => [a.from, a.to]), [['default', 'team']]);
    assert.equal(steps.goodEnabled, false);
    assert.equal(steps.autostartWritten, true);
    assert.equal(steps.desktopAfterLogin.prefs.openAtLogin, true);
    assert.equal(existsSync(join(xdgConfig, 'autostart', 'dev.omniroute.desktop.desktop')), false, 'removed again');

    // Updates: checked on request, downloaded, notified, installed from the tray.
    assert.equal(steps.updateNotified, true);
    assert.equal(steps.desktopAfterUpdate.update?.state, 'downloaded');
    assert.equal(steps.desktopAfterUpdate.update?.version, '9.9.9');
    assert.deepEqual(steps.updater.settings, { autoDownload: true, autoInstallOnAppQuit: true, customLogger: true });
    assert.deepEqual([steps.updater.checks, steps.updater.installs], [1, 1]);

    // The data dir the app made is the user's alone.
    assert.equal(statSync(userData).mode & 0o777, 0o700);

    // electron-store kept the window bounds in the user-data folder.
    const settings = JSON.parse(readFileSync(join(userData, 'app-settings.json'), 'utf8')) as { windowBounds: unknown };
    assert.deepEqual(settings.windowBounds, { x: 40, y: 30, width: 1000, height: 700, maximized: false });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('electron-builder packs the app from a stand-in Electron dist', { timeout: 180_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'omniroute-pack-'));
  try {
    const dist = join(work, 'electron-dist');
    mkdirSync(dist);
    // A real Electron binary carries its fuse wire after this sentinel: version 1, 8 fuses,
    // in Electron 38's default states ('1' on, '0' off), so electron-builder can flip them.
    const { SENTINEL } = require('@electron/fuses/dist/constants.js') as { SENTINEL: string };
    writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\nexit 1\n# ${SENTINEL}`), Buffer.from([1, 8]), Buffer.from('10110001\n')]));
    chmodSync(join(dist, 'electron'), 0o755);
    writeFileSync(join(dist, 'version'), '38.8.6');
    writeFileSync(join(dist, 'LICENSE'), '');
    writeFileSync(join(dist, 'LICENSES.chromium.html'), '');
    const out = join(work, 'out');

    const run = spawnSync(
      'npx',
      [
        'electron-builder',
        '--linux',
        'dir',
        `-c.electronDist=${dist}`,
        '-c.electronVersion=38.8.6',
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_BUILDER_7ZIP_PATH: '/usr/bin/7za', CI: 'true' },
        timeout: 170_000,
      },
    );
    assert.equal(run.status, 0, `electron-builder failed:\n${run.stdout}\n${run.stderr}`);

    // The packaged binary's fuses, read back: flipped as electron-builder.yml declares.
    const fuses: { getCurrentFuseWire(path: string): Promise<Record<number, number>> } = require('@electron/fuses');
    const wire = await fuses.getCurrentFuseWire(join(out, 'linux-unpacked', 'omniroute-desktop'));
    const state = (i: number) => String.fromCharCode(wire[i]!);
    assert.deepEqual(
      { runAsNode: state(0), cookieEncryption: state(1), nodeOptions: state(2), inspect: state(3), asarIntegrity: state(4), onlyFromAsar: state(5) },
      { runAsNode: '0', cookieEncryption: '1', nodeOptions: '0', inspect: '0', asarIntegrity: '1', onlyFromAsar: '1' },
    );
    assert.equal(state(7), '1', 'file:// keeps its privileges: the dashboard is a file:// page');

    const resources = join(out, 'linux-unpacked', 'resources');
    const asar: { listPackage(path: string, options?: object): string[] } = require('@electron/asar');
    const entries = new Set(asar.listPackage(join(resources, 'app.asar')).map((p) => p.replaceAll('\\', '/')));
    for (const file of ['/dist/main/main.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/package.json']) {
      assert.ok(entries.has(file), `${file} is in app.asar`);
    }
    assert.ok([...entries].some((p) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(p)), 'renderer script');
    // Run-time dependencies that stay external to the main bundle come along.
    for (const pkg of ['better-sqlite3', 'electron-store', 'electron-updater']) {
      assert.ok(entries.has(`/node_modules/${pkg}/package.json`), `${pkg} is packed`);
    }
    for (const pkg of ['tsx', 'esbuild', 'solid-js']) {
      assert.ok(!entries.has(`/node_modules/${pkg}/package.json`), `${pkg} is left out`);
    }
    assert.ok(![...entries].some((p) => p.startsWith('/dist/') && p.endsWith('.map')), 'no source maps of ours');
    assert.ok(![...entries].some((p) => p.startsWith('/dist/cli/')), 'the headless serve bundle is not the app\'s');
    // The main process loads the tray icons from <app path>/resources/tray/ at run time, and
    // electron-builder leaves the build-resources folder (resources/) out unless listed.
    const trayIcons = readdirSync(join(root, 'resources/tray')).filter((f) => f.endsWith('.png'));
    for (const icon of ['fullTemplate.png', 'fullTemplate@2x.png', 'full-light.png', 'full-dark.png', 'error-light.png', ...trayIcons]) {
      assert.ok(entries.has(`/resources/tray/${icon}`), `/resources/tray/${icon} is in app.asar`);
    }

    const unpacked = join(resources, 'app.asar.unpacked');
    assert.ok(existsSync(join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')));
    // keytar is optional: its binary exists only where libsecret's headers let it build.
    if (existsSync(join(root, 'node_modules/keytar/build/Release/keytar.node'))) {
      assert.ok(existsSync(join(unpacked, 'node_modules/keytar/build/Release/keytar.node')), 'keytar.node is unpacked');
    }
    // Compiling SQLite leaves its sources and objects beside the .node; none of it ships.
    for (const leftover of ['better-sqlite3/deps', 'better-sqlite3/src', 'better-sqlite3/build/Release/obj', 'better-sqlite3/build/Release/obj.target', 'better-sqlite3/build/Release/test_extension.node']) {
      assert.ok(!existsSync(join(unpacked, 'node_modules', leftover)), `${leftover} is left out`);
    }
    assert.ok(existsSync(join(resources, 'app-update.yml')), 'the updater feed config is written');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** A throwaway project holding scripts/start-desktop.mjs and a fake electron package. */
function fakeProject(installJs: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'omniroute-start-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(root, 'scripts/start-desktop.mjs'), join(dir, 'scripts/start-desktop.mjs'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fake', type: 'module', scripts: { build: 'node -e "require(\'fs\').writeFileSync(\'built\', \'\')"' } }),
  );
  const electron = join(dir, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  // The real package's index.js: path.txt names the binary under dist/.
  writeFileSync(
    join(electron, 'index.js'),
    "const fs=require('fs'),p=require('path');module.exports=p.join(__dirname,'dist',fs.readFileSync(p.join(__dirname,'path.txt'),'utf8'));",
  );
  writeFileSync(join(electron, 'install.js'), installJs);
  return dir;
}

function startDesktop(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  delete env.npm_execpath;
  return spawnSync(process.execPath, [join(dir, 'scripts/start-desktop.mjs')], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
}

test('npm start without a downloadable Electron says what to do instead and exits 1', () => {
  const dir = fakeProject("console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at stack');process.exit(1);");
  try {
    const run = startDesktop(dir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Electron could not be downloaded/);
    assert.match(run.stderr, /npm run serve/);
    assert.match(run.stderr, /ENOTFOUND/);
    assert.doesNotMatch(run.stderr, /at stack/, 'no stack trace, one plain message');
    assert.equal(existsSync(join(dir, 'built')), false, 'nothing was built');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm start downloads Electron when missing, builds, then runs it on the project', () => {
  // The download "succeeds": a binary that records its arguments, and the skip flag was cleared.
  const dir = fakeProject(`
    const fs = require('fs'), p = require('path');
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
    fs.mkdirSync(p.join(__dirname, 'dist'));
    fs.writeFileSync(p.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\nprintf "%s" "$1" > "$1/ran-with"\\nexit 7\\n');
    fs.chmodSync(p.join(__dirname, 'dist', 'electron'), 0o755);
    fs.writeFileSync(p.join(__dirname, 'path.txt'), 'electron');
  `);
  try {
    const run = startDesktop(dir);
    assert.equal(run.status, 7, `exit code of electron is passed on\n${run.stderr}`);
    assert.ok(existsSync(join(dir, 'built')), 'npm run build ran first');
    const ranWith = readFileSync(join(dir, 'ran-with'), 'utf8');
    assert.equal(ranWith.replace(/\/$/, ''), dir);
    assert.ok(readdirSync(join(dir, 'node_modules/electron/dist')).includes('electron'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
