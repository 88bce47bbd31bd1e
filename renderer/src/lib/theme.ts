import { createSignal, onCleanup } from 'solid-js';
import { PREF_KEYS, readPref, writePref } from './storage.js';

export type ThemePreference = 'system' | 'light' | 'dark';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

function stored(): ThemePreference {
  const v = readPref(PREF_KEYS.theme);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/**
 * The theme the user picked, applied as data-theme on <html>. "system" tracks the OS setting
 * live, so switching the OS to dark at dusk repaints an open window.
 */
export function createTheme() {
  const [preference, setPreference] = createSignal<ThemePreference>(stored());
  const media = window.matchMedia('(prefers-color-scheme: dark)');

  const apply = () => {
    const p = preference();
    const dark = p === 'dark' || (p === 'system' && media.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  };
  apply();
  const onOsChange = () => apply();
  media.addEventListener('change', onOsChange);
  onCleanup(() => media.removeEventListener('change', onOsChange));

  return {
    preference,
    setPreference(p: ThemePreference) {
      setPreference(p);
      writePref(PREF_KEYS.theme, p === 'system' ? null : p);
      apply();
    },
  };
}
