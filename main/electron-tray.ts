/** Shows a TrayModel with Electron's Tray and Menu. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { renderTrayIcon } from './tray-icon.js';
import type { TrayAction, TrayLevel, TrayModel } from './tray-model.js';

export interface AppTray {
  show(model: TrayModel): void;
  destroy(): void;
}

export function createAppTray(onAction: (action: TrayAction) => void, onClick: () => void): AppTray {
  // 32 px drawn at scale 2: a 16-point icon, sharp on high-density screens.
  const icon = (level: TrayLevel) => nativeImage.createFromBuffer(renderTrayIcon(level, 32), { scaleFactor: 2 });
  const tray = new Tray(icon('busy'));
  tray.on('click', onClick);
  let level: TrayLevel | null = null;

  return {
    show(model) {
      if (model.level !== level) {
        level = model.level;
        tray.setImage(icon(level));
      }
      tray.setToolTip(model.tooltip);
      const template: MenuItemConstructorOptions[] = model.menu.map((item) => {
        switch (item.type) {
          case 'separator':
            return { type: 'separator' };
          case 'status':
            return { label: item.label, enabled: false };
          case 'action':
            return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
        }
      });
      tray.setContextMenu(Menu.buildFromTemplate(template));
    },
    destroy: () => tray.destroy(),
  };
}
