/** Shows a TrayModel with Electron's Tray and Menu, with the icon files in resources/tray. */
import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import { trayIconPath, trayIconVariant } from './tray-icon-files.js';
import type { TrayLevel } from './tray-level.js';
import type { TrayAction, TrayMenuItem, TrayModel } from './tray-model.js';

export interface AppTray {
  show(model: TrayModel): void;
  destroy(): void;
}

export interface AppTrayOptions {
  /** The app's root (app.getAppPath()): resources/tray lies under it, inside the asar when packaged. */
  appRoot: string;
  onAction(action: TrayAction): void;
  onClick(): void;
}

export function createAppTray(options: AppTrayOptions): AppTray {
  const icon = (level: TrayLevel) => {
    const variant = trayIconVariant(process.platform, nativeTheme.shouldUseDarkColors);
    // Loads the @2x file beside it too, for high-density screens.
    const image = nativeImage.createFromPath(trayIconPath(options.appRoot, level, variant));
    if (variant === 'template') image.setTemplateImage(true);
    return image;
  };
  let level: TrayLevel = 'starting';
  const tray = new Tray(icon(level));
  tray.on('click', options.onClick);
  // A light/dark switch of the desktop needs the other variant.
  const onTheme = () => tray.setImage(icon(level));
  nativeTheme.on('updated', onTheme);

  const toTemplate = (items: readonly TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item): MenuItemConstructorOptions => {
      switch (item.type) {
        case 'separator':
          return { type: 'separator' };
        case 'status':
          return { label: item.label, enabled: false };
        case 'submenu':
          return { label: item.label, submenu: toTemplate(item.items) };
        case 'action':
          return { label: item.label, enabled: item.enabled, click: () => options.onAction(item.action) };
        case 'checkbox':
        case 'radio':
          return { type: item.type, label: item.label, checked: item.checked, enabled: item.enabled, click: () => options.onAction(item.action) };
      }
    });

  return {
    show(model) {
      if (model.level !== level) {
        level = model.level;
        tray.setImage(icon(level));
      }
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(model.menu)));
    },
    destroy: () => {
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
