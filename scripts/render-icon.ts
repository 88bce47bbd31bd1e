// Writes resources/icon.png, the application icon electron-builder packs: the tray icon's
// ring-and-dot drawing at 512x512.
import { writeFileSync } from 'node:fs';
import { renderTrayIcon } from '../main/tray-icon.js';

writeFileSync(new URL('../resources/icon.png', import.meta.url), renderTrayIcon('ok', 512));
