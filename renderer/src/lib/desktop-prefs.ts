import type { DesktopUpdateInput, NotificationKind } from '../../../core/control/desktop-contract.js';

/**
 * The notification kinds in the order the Settings page lists them. A literal list: the
 * renderer takes only types from core. The check below fails to compile while a kind is missing.
 */
export const NOTIFICATION_KIND_ORDER = ['quotaThreshold', 'quotaRefilled', 'needsLogin', 'breaker', 'exposed', 'updateReady'] as const satisfies readonly NotificationKind[];

type Missing = Exclude<NotificationKind, (typeof NOTIFICATION_KIND_ORDER)[number]>;
export const notificationKindsCovered: [Missing] extends [never] ? true : Missing = true;

/** The update that switches one kind on or off and leaves the others. */
export function notificationPatch(kind: NotificationKind, on: boolean): DesktopUpdateInput {
  const notifications: NonNullable<DesktopUpdateInput['notifications']> = {};
  notifications[kind] = on;
  return { notifications };
}
