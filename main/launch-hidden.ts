/**
 * Whether this launch opens the dashboard window or only the tray icon. A start at login
 * goes to the tray: the login item passes HIDDEN_ARG (Windows, Linux), or macOS reports
 * the launch itself, since its login items cannot pass arguments.
 */

/** The argument our login items add to the command line. */
export const HIDDEN_ARG = '--hidden';

/** What Electron's app.getLoginItemSettings() says about this launch (macOS only; absent elsewhere). */
export interface LoginLaunchState {
  wasOpenedAtLogin?: boolean;
  /** Only before macOS 13, where the user can tick "Hide" on the login item. */
  wasOpenedAsHidden?: boolean;
}

export interface LaunchHiddenInput {
  argv: readonly string[];
  loginItem?: LoginLaunchState;
  /** The user's "start minimised" preference. */
  startMinimized: boolean;
}

export function startsHidden({ argv, loginItem, startMinimized }: LaunchHiddenInput): boolean {
  return startMinimized || hasHiddenArg(argv) || loginItem?.wasOpenedAtLogin === true || loginItem?.wasOpenedAsHidden === true;
}

/**
 * HIDDEN_ARG among the switches. Also for the argv of a second instance: a login start while
 * the app already runs should not pop its window up.
 */
export function hasHiddenArg(argv: readonly string[]): boolean {
  // Everything after `--` is an operand (a file name), not a switch.
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes(HIDDEN_ARG);
}
