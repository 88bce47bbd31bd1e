import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoginItems, loginLaunchState, type ElectronLoginApi, type LoginItemQuery, type LoginItemReport, type LoginItemRequest, type XdgLoginTarget } from './login-items.js';

type Call = { get: LoginItemQuery | undefined } | { set: LoginItemRequest };

/** Electron's login-item API as a recorder: remembers every call, answers with `report`. */
function recordingElectron(report: LoginItemReport = { openAtLogin: false }): { api: ElectronLoginApi; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    api: {
      getLoginItemSettings: (options) => {
        calls.push({ get: options });
        return report;
      },
      setLoginItemSettings: (settings) => {
        calls.push({ set: settings });
      },
    },
  };
}

function tempXdg(t: { after(fn: () => void): void }, extraEnv: Record<string, string> = {}): XdgLoginTarget & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'omniroute-login-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    env: { XDG_CONFIG_HOME: dir, HOME: '/nonexistent-home', ...extraEnv },
    execPath: '/opt/OmniRoute Desktop/omniroute-desktop',
    appId: 'dev.omniroute.desktop',
    name: 'OmniRoute Desktop',
    comment: 'Local AI gateway',
  };
}

test('Windows: the Run entry carries --hidden, and is looked up with the same args', (t) => {
  const xdg = tempXdg(t);
  const electron = recordingElectron({ openAtLogin: true });
  const items = createLoginItems('win32', { electron: electron.api, xdg });
  items.setEnabled(true);
  assert.equal(items.isEnabled(), true);
  items.setEnabled(false);
  assert.deepEqual(electron.calls, [
    { set: { openAtLogin: true, args: ['--hidden'] } },
    { get: { args: ['--hidden'] } },
    { set: { openAtLogin: false, args: ['--hidden'] } },
  ]);
  assert.deepEqual(readdirSync(xdg.dir), [], 'no XDG entry on Windows');
});

test('Windows: isEnabled is what Electron reports', (t) => {
  assert.equal(createLoginItems('win32', { electron: recordingElectron({ openAtLogin: false }).api, xdg: tempXdg(t) }).isEnabled(), false);
});

test('macOS: a login item asked to open hidden (older macOS honours it), looked up without options', (t) => {
  const xdg = tempXdg(t);
  const electron = recordingElectron({ openAtLogin: true });
  const items = createLoginItems('darwin', { electron: electron.api, xdg });
  items.setEnabled(true);
  assert.equal(items.isEnabled(), true);
  items.setEnabled(false);
  assert.deepEqual(electron.calls, [{ set: { openAtLogin: true, openAsHidden: true } }, { get: undefined }, { set: { openAtLogin: false } }]);
  assert.deepEqual(readdirSync(xdg.dir), [], 'no XDG entry on macOS');
});

test('Linux: our XDG autostart entry, starting the AppImage with --hidden; Electron is not asked', (t) => {
  const xdg = tempXdg(t, { APPIMAGE: '/home/u/Apps/OmniRoute Desktop.AppImage' });
  const electron = recordingElectron({ openAtLogin: true });
  const items = createLoginItems('linux', { electron: electron.api, xdg });
  const path = join(xdg.dir, 'autostart', 'dev.omniroute.desktop.desktop');

  assert.equal(items.isEnabled(), false);
  items.setEnabled(true);
  assert.equal(items.isEnabled(), true);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^Exec="\/home\/u\/Apps\/OmniRoute Desktop\.AppImage" --hidden$/m);
  assert.match(text, /^Name=OmniRoute Desktop$/m);
  assert.doesNotMatch(text, /^Icon=/m);

  items.setEnabled(false);
  assert.equal(existsSync(path), false);
  assert.equal(items.isEnabled(), false);
  items.setEnabled(false);
  assert.deepEqual(electron.calls, []);
});

test('Linux outside an AppImage: the executable itself, and the icon when given', (t) => {
  const xdg = { ...tempXdg(t), icon: 'omniroute-desktop' };
  createLoginItems('linux', { electron: recordingElectron().api, xdg }).setEnabled(true);
  const text = readFileSync(join(xdg.dir, 'autostart', 'dev.omniroute.desktop.desktop'), 'utf8');
  assert.match(text, /^Exec="\/opt\/OmniRoute Desktop\/omniroute-desktop" --hidden$/m);
  assert.match(text, /^Icon=omniroute-desktop$/m);
});

test('other free desktops (FreeBSD) use the XDG entry too', (t) => {
  const xdg = tempXdg(t);
  const electron = recordingElectron();
  createLoginItems('freebsd', { electron: electron.api, xdg }).setEnabled(true);
  assert.ok(existsSync(join(xdg.dir, 'autostart', 'dev.omniroute.desktop.desktop')));
  assert.deepEqual(electron.calls, []);
});

test('the login launch state comes from Electron on macOS only', () => {
  const mac = recordingElectron({ openAtLogin: true, wasOpenedAtLogin: true, wasOpenedAsHidden: false });
  assert.deepEqual(loginLaunchState('darwin', mac.api), { wasOpenedAtLogin: true, wasOpenedAsHidden: false });
  assert.deepEqual(mac.calls, [{ get: undefined }]);
  for (const platform of ['win32', 'linux'] as const) {
    const other = recordingElectron({ openAtLogin: true, wasOpenedAtLogin: true });
    assert.equal(loginLaunchState(platform, other.api), undefined, platform);
    assert.deepEqual(other.calls, [], platform);
  }
});
