/**
 * The desktop preferences behind `desktop.get` / `desktop.update`: kept in the app's settings
 * file, except start at login, which is the OS's own entry (a user can remove it there, and
 * the app then shows it off). A change takes effect at once: the login entry is written or
 * removed, update checks start or stop, and the tray is redrawn.
 */
import { ControlError } from '../core/control/handlers.js';
import type { DesktopControlDeps, DesktopPrefs, DesktopView, UpdateStatus } from '../core/control/desktop-contract.js';
import type { AppSettings } from './app-settings.js';
import type { LoginItemPort } from './login-items.js';

export interface DesktopPrefsDeps {
  settings: AppSettings;
  loginItems: LoginItemPort;
  updates: { setEnabled(enabled: boolean): void };
  updateStatus(): UpdateStatus;
  /** After any change: redraw the tray (its Start at login tick). */
  onChange(): void;
}

export interface DesktopPrefsService extends DesktopControlDeps {
  prefs(): DesktopPrefs;
}

export function createDesktopPrefs(deps: DesktopPrefsDeps): DesktopPrefsService {
  const { settings, loginItems } = deps;
  const prefs = (): DesktopPrefs => ({
    openAtLogin: safely(() => loginItems.isEnabled(), false),
    startMinimized: settings.get('startMinimized'),
    checkForUpdates: settings.get('checkForUpdates'),
    notifications: settings.get('notifications'),
  });
  const view = (): DesktopView => ({ available: true, prefs: prefs(), update: deps.updateStatus() });
  return {
    prefs,
    view,
    update(patch) {
      if (patch.openAtLogin !== undefined) {
        try {
          loginItems.setEnabled(patch.openAtLogin);
        } catch (err) {
          // Nothing else in the patch is applied: a refused edit changes nothing.
          throw new ControlError('internal', `Start at login could not be changed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (patch.startMinimized !== undefined) settings.set('startMinimized', patch.startMinimized);
      if (patch.notifications) settings.set('notifications', { ...settings.get('notifications'), ...patch.notifications });
      if (patch.checkForUpdates !== undefined) {
        settings.set('checkForUpdates', patch.checkForUpdates);
        deps.updates.setEnabled(patch.checkForUpdates);
      }
      deps.onChange();
      return view();
    },
  };
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
