/** The login items of main/login-items.ts with Electron's own `app`. */
import { app } from 'electron';
import { createLoginItems, type ElectronLoginApi, type LoginItemPort, type XdgLoginTarget } from './login-items.js';

export const electronLoginApi: ElectronLoginApi = app;

export function createElectronLoginItems(xdg: XdgLoginTarget): LoginItemPort {
  return createLoginItems(process.platform, { electron: electronLoginApi, xdg });
}
