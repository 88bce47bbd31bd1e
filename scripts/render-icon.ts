// Writes the icons electron-builder packs, drawn by main/tray-icon.ts: resources/icon.png
// (the application icon, 512x512) and every tray icon in resources/tray, each level and
// variant at 16 px (<name>.png) and 32 px (<name>@2x.png). Run after changing the drawing:
//   node --import tsx scripts/render-icon.ts
// main/tray-icon.test.ts fails while the files differ from what the code draws.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAY_ICON_SCALES, TRAY_ICON_SIZE, trayIconDir, trayIconFileName } from '../main/tray-icon-files.js';
import { renderAppIcon, renderTrayIcon } from '../main/tray-icon.js';
import { TRAY_ICON_VARIANTS, TRAY_LEVELS } from '../main/tray-level.js';

const root = fileURLToPath(new URL('..', import.meta.url));

writeFileSync(join(root, 'resources', 'icon.png'), renderAppIcon(512));

const dir = trayIconDir(root);
mkdirSync(dir, { recursive: true });
for (const level of TRAY_LEVELS) {
  for (const variant of TRAY_ICON_VARIANTS) {
    for (const scale of TRAY_ICON_SCALES) {
      writeFileSync(join(dir, trayIconFileName(level, variant, scale)), renderTrayIcon(level, variant, TRAY_ICON_SIZE * scale));
    }
  }
}
