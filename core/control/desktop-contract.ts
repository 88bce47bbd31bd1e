/**
 * The desktop app's own preferences (start at login, start minimised, update checks, which
 * notifications to show), read and changed through the same control contract as everything
 * else, so the dashboard's Settings page edits them over IPC or /api alike. The gateway does
 * not keep them: the desktop shell hands it a DesktopControlDeps; under `serve` there is none
 * and `desktop.get` says so.
 */
import { z } from 'zod';

/** Each kind of native notification, switched on and off one by one. */
export const NOTIFICATION_KINDS = [
  /** A quota window reached 80, 95 or 100 %. */
  'quotaThreshold',
  /** A quota window refilled. */
  'quotaRefilled',
  /** A provider's or account's circuit breaker opened or closed. */
  'breaker',
  /** The provider refused an account's key or login: the user must replace it. */
  'needsLogin',
  /** The gateway listens on an address other machines can reach. */
  'exposed',
  /** An update was downloaded and installs on quit. */
  'updateReady',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const notificationSwitches = z.strictObject({
  quotaThreshold: z.boolean(),
  quotaRefilled: z.boolean(),
  breaker: z.boolean(),
  needsLogin: z.boolean(),
  exposed: z.boolean(),
  updateReady: z.boolean(),
} satisfies Record<NotificationKind, z.ZodBoolean>);

export const DesktopPrefs = z.strictObject({
  openAtLogin: z.boolean(),
  startMinimized: z.boolean(),
  /** Daily update checks; off until the user turns them on, since they reach the internet. */
  checkForUpdates: z.boolean(),
  notifications: notificationSwitches,
});
export type DesktopPrefs = z.infer<typeof DesktopPrefs>;

export const DEFAULT_DESKTOP_PREFS: DesktopPrefs = {
  openAtLogin: false,
  startMinimized: false,
  checkForUpdates: false,
  notifications: { quotaThreshold: true, quotaRefilled: true, breaker: true, needsLogin: true, exposed: true, updateReady: true },
};

export const UpdateStatus = z.object({
  /** idle: no check yet (or checks are off); failed: the last check could not reach the feed. */
  state: z.enum(['idle', 'checking', 'up-to-date', 'downloaded', 'failed']),
  /** The downloaded version, installed when the app quits. */
  version: z.string().nullable(),
  lastCheckedAt: z.number().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const DesktopView = z.object({
  /** False under `serve`: there is no desktop app to set. */
  available: z.boolean(),
  prefs: DesktopPrefs,
  update: UpdateStatus.nullable(),
});
export type DesktopView = z.infer<typeof DesktopView>;

export const DesktopUpdateInput = z.strictObject({
  openAtLogin: z.boolean().optional(),
  startMinimized: z.boolean().optional(),
  checkForUpdates: z.boolean().optional(),
  notifications: notificationSwitches.partial().optional(),
});
export type DesktopUpdateInput = z.infer<typeof DesktopUpdateInput>;

/** What the desktop shell gives the gateway to answer desktop.get and desktop.update. */
export interface DesktopControlDeps {
  view(): DesktopView;
  update(patch: DesktopUpdateInput): DesktopView | Promise<DesktopView>;
}
