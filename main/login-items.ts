/**
 * "Start at login" on each desktop: Electron's login items on macOS and Windows, our own
 * XDG autostart entry elsewhere (Electron's login items do nothing on Linux). Either way the
 * login start goes to the tray (see launch-hidden.ts).
 */
import { HIDDEN_ARG, type LoginLaunchState } from './launch-hidden.js';
import { autostartCommand, isAutostartEnabled, removeAutostartEntry, writeAutostartEntry, type XdgEnv } from './xdg-autostart.js';

export interface LoginItemPort {
  isEnabled(): boolean;
  /** Throws when it cannot (on Linux: no autostart folder, or a file of the same name that this app did not write). */
  setEnabled(enabled: boolean): void;
}

/** The options of app.getLoginItemSettings we pass. */
export interface LoginItemQuery {
  args?: string[];
}

/** The settings of app.setLoginItemSettings we pass. */
export interface LoginItemRequest {
  openAtLogin: boolean;
  openAsHidden?: boolean;
  args?: string[];
}

/** The part of app.getLoginItemSettings' answer we read. */
export interface LoginItemReport {
  openAtLogin: boolean;
  wasOpenedAtLogin?: boolean;
  wasOpenedAsHidden?: boolean;
}

/**
 * The slice of Electron's `app` this needs; `app` itself satisfies it. Function-typed
 * properties rather than methods, so TypeScript checks the parameters of `app`'s methods
 * strictly against ours when main/electron-login-items.ts assigns it.
 */
export interface ElectronLoginApi {
  getLoginItemSettings: (options?: LoginItemQuery) => LoginItemReport;
  setLoginItemSettings: (settings: LoginItemRequest) => void;
}

/** What the Linux entry needs: where it goes, what it starts, how desktops list it. */
export interface XdgLoginTarget {
  env: XdgEnv;
  /** process.execPath; replaced by $APPIMAGE when the app runs from an AppImage. */
  execPath: string;
  /** The desktop file id, e.g. electron-builder's appId. */
  appId: string;
  name: string;
  comment: string;
  icon?: string;
}

export interface LoginItemDeps {
  electron: ElectronLoginApi;
  xdg: XdgLoginTarget;
}

export function createLoginItems(platform: NodeJS.Platform, deps: LoginItemDeps): LoginItemPort {
  switch (platform) {
    case 'win32':
      return windowsLoginItems(deps.electron);
    case 'darwin':
      return macLoginItems(deps.electron);
    default:
      // Every free desktop (Linux, the BSDs) reads XDG autostart entries.
      return xdgLoginItems(deps.xdg);
  }
}

/**
 * Windows: a Run registry value holding our executable and HIDDEN_ARG. Windows only reports
 * openAtLogin when the query names the same path and args as the registration did.
 */
function windowsLoginItems(electron: ElectronLoginApi): LoginItemPort {
  const args = [HIDDEN_ARG];
  return {
    isEnabled: () => electron.getLoginItemSettings({ args: [...args] }).openAtLogin,
    setEnabled: (enabled) => electron.setLoginItemSettings({ openAtLogin: enabled, args: [...args] }),
  };
}

/**
 * macOS: login items take no arguments. Before macOS 13 openAsHidden asks the OS to start us
 * hidden; from 13 on it is ignored, and the app tells a login start by wasOpenedAtLogin
 * instead (loginLaunchState below).
 */
function macLoginItems(electron: ElectronLoginApi): LoginItemPort {
  return {
    isEnabled: () => electron.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => electron.setLoginItemSettings(enabled ? { openAtLogin: true, openAsHidden: true } : { openAtLogin: false }),
  };
}

function xdgLoginItems(target: XdgLoginTarget): LoginItemPort {
  const location = { env: target.env, appId: target.appId };
  return {
    isEnabled: () => isAutostartEnabled(location),
    setEnabled: (enabled) => {
      if (!enabled) {
        removeAutostartEntry(location);
        return;
      }
      // Rewritten on every enable: the AppImage may have been moved or replaced by an update.
      writeAutostartEntry(location, {
        name: target.name,
        comment: target.comment,
        exec: autostartCommand(target.env, target.execPath),
        ...(target.icon !== undefined ? { icon: target.icon } : {}),
      });
    },
  };
}

/**
 * How macOS says this launch came from the login item, for startsHidden(); undefined on the
 * other platforms, where HIDDEN_ARG on the command line says it.
 */
export function loginLaunchState(platform: NodeJS.Platform, electron: ElectronLoginApi): LoginLaunchState | undefined {
  if (platform !== 'darwin') return undefined;
  const { wasOpenedAtLogin, wasOpenedAsHidden } = electron.getLoginItemSettings();
  return { wasOpenedAtLogin, wasOpenedAsHidden };
}
