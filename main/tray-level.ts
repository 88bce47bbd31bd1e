/**
 * What the tray icon shows, most urgent last: the gateway's own state, or else the level of
 * the most constrained active account (the one with the least quota left).
 *   full       every active account has at least 20 % of each window left (or no known limit)
 *   low        some account has a window under 20 % left
 *   exhausted  some account has a window used up (routing skips it until the reset)
 *   paused     the user paused the gateway
 *   starting   the gateway is starting
 *   error      the gateway is not running, or an account needs the user (its key was refused)
 */
export const TRAY_LEVELS = ['full', 'low', 'exhausted', 'paused', 'starting', 'error'] as const;
export type TrayLevel = (typeof TRAY_LEVELS)[number];

/**
 * The icon's look for the menu bar it sits in: `light` draws for a light bar (a dark glyph),
 * `dark` for a dark one, `template` is macOS's monochrome template image (black and alpha;
 * the OS tints it), where the level is told by the glyph's shape alone.
 */
export const TRAY_ICON_VARIANTS = ['light', 'dark', 'template'] as const;
export type TrayIconVariant = (typeof TRAY_ICON_VARIANTS)[number];
