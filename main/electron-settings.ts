/** AppSettings kept by electron-store in the user-data folder (app-settings.json). */
import Store from 'electron-store';
import { readSetting, type AppSettings } from './app-settings.js';

export function createElectronSettings(): AppSettings {
  const store = new Store<Record<string, unknown>>({ name: 'app-settings', clearInvalidConfig: true });
  return {
    get: (key) => readSetting(key, store.get(key)),
    set: (key, value) => store.set(key, value),
  };
}
