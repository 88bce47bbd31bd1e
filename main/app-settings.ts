/**
 * Desktop preferences (window bounds, start minimised, update checks, notification switches;
 * start at login is the OS's own entry, see login-items.ts). The Electron build
 * keeps them in electron-store (main/electron-settings.ts); tests use the in-memory one.
 * Values read back are validated: the settings file is plain JSON a user can edit.
 */
import { z } from 'zod';
import { DEFAULT_DESKTOP_PREFS, DesktopPrefs } from '../core/control/desktop-contract.js';

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(150).max(20000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

export const AppSettingsData = z.object({
  windowBounds: WindowBounds.nullable(),
  startMinimized: z.boolean(),
  checkForUpdates: z.boolean(),
  notifications: DesktopPrefs.shape.notifications,
});
export type AppSettingsData = z.infer<typeof AppSettingsData>;

export const DEFAULT_SETTINGS: AppSettingsData = {
  windowBounds: null,
  startMinimized: DEFAULT_DESKTOP_PREFS.startMinimized,
  checkForUpdates: DEFAULT_DESKTOP_PREFS.checkForUpdates,
  notifications: DEFAULT_DESKTOP_PREFS.notifications,
};

export interface AppSettings {
  get<K extends keyof AppSettingsData>(key: K): AppSettingsData[K];
  set<K extends keyof AppSettingsData>(key: K, value: AppSettingsData[K]): void;
}

/**
 * A stored value, or the default when it is missing or malformed. The notification switches
 * are read one by one, so a kind added in a later version starts at its default.
 */
export function readSetting<K extends keyof AppSettingsData>(key: K, stored: unknown): AppSettingsData[K] {
  const schema = key === 'notifications' ? notificationsWithDefaults : AppSettingsData.shape[key];
  const parsed = schema.safeParse(stored);
  return parsed.success ? (parsed.data as AppSettingsData[K]) : DEFAULT_SETTINGS[key];
}

const notificationsWithDefaults = z.object(
  Object.fromEntries(
    Object.entries(DEFAULT_DESKTOP_PREFS.notifications).map(([kind, on]) => [kind, z.boolean().catch(on).default(on)]),
  ),
);

export function createMemorySettings(initial: Partial<Record<keyof AppSettingsData, unknown>> = {}): AppSettings {
  const values = new Map<string, unknown>(Object.entries(initial));
  return {
    get: (key) => readSetting(key, values.get(key)),
    set: (key, value) => {
      values.set(key, value);
    },
  };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 } as const;

/**
 * Where to open the window: the saved bounds when their title bar is still on a display
 * (monitors get unplugged), else the default size centred by the OS (no x/y).
 */
export function initialWindowBounds(
  saved: WindowBounds | null,
  workAreas: readonly Rect[],
): Partial<Rect> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_WINDOW_SIZE };
  const area = workAreas.find((a) => titleBarVisible(saved, a));
  if (!area) {
    return {
      width: Math.min(saved.width, DEFAULT_WINDOW_SIZE.width),
      height: Math.min(saved.height, DEFAULT_WINDOW_SIZE.height),
    };
  }
  return {
    x: saved.x,
    y: saved.y,
    width: Math.min(saved.width, area.width),
    height: Math.min(saved.height, area.height),
  };
}

/** At least 40x20 px of the window's top strip lies inside the area, so it can be dragged. */
function titleBarVisible(win: Rect, area: Rect): boolean {
  const left = Math.max(win.x, area.x);
  const right = Math.min(win.x + win.width, area.x + area.width);
  const top = Math.max(win.y, area.y);
  const bottom = Math.min(win.y + 20, area.y + area.height);
  return right - left >= 40 && bottom - top >= 20;
}
