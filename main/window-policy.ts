/**
 * The dashboard window's security rules as plain data and predicates, so they are tested
 * under Node; main/window.ts applies them to a BrowserWindow.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The window only ever shows our dashboard document; a hash change is the one move allowed. */
export function isAllowedNavigation(targetUrl: string, rendererUrl: string): boolean {
  const target = parse(targetUrl);
  const own = parse(rendererUrl);
  if (!target || !own) return false;
  target.hash = '';
  own.hash = '';
  return target.href === own.href;
}

/**
 * A link the dashboard opens in a new window goes to the system browser instead, and only
 * when it is plain https: other schemes (file:, custom protocol handlers) could run things.
 */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  return parsed.href;
}

/**
 * Permissions the dashboard may have. Chromium asks for 'clipboard-sanitized-write' when a
 * page calls navigator.clipboard.writeText (the Copy button); everything else is refused.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
