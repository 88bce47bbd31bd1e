/** The dashboard window: locked down, remembers its bounds, hides to the tray on close. */
import { BrowserWindow, screen, shell } from 'electron';
import { initialWindowBounds, type AppSettings } from './app-settings.js';
import { externalUrlToOpen, isAllowedNavigation, secureWebPreferences } from './window-policy.js';

export interface DashboardWindowOptions {
  preloadPath: string;
  rendererIndex: string;
  rendererUrl: string;
  settings: AppSettings;
  show: boolean;
  /** A dashboard page to open on (a hash route such as "/providers"). */
  route?: string;
  /** True once the app is quitting; until then closing only hides the window. */
  isQuitting(): boolean;
}

export function createDashboardWindow(opts: DashboardWindowOptions): BrowserWindow {
  const saved = opts.settings.get('windowBounds');
  const bounds = initialWindowBounds(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'OmniRoute Desktop',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  if (saved?.maximized) win.maximize();

  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, opts.rendererUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);

  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });
  win.on('close', (event) => {
    opts.settings.set('windowBounds', { ...win.getNormalBounds(), maximized: win.isMaximized() });
    if (!opts.isQuitting()) {
      event.preventDefault();
      win.hide();
    }
  });

  void win.loadFile(opts.rendererIndex, opts.route ? { hash: opts.route } : undefined);
  return win;
}

/**
 * Moves an open dashboard to a page. Only the fragment changes, so Chromium navigates within
 * the document (no reload) and the router follows the hash.
 */
export function showDashboardPage(win: BrowserWindow, rendererIndex: string, route: string): void {
  void win.loadFile(rendererIndex, { hash: route });
}
