/**
 * UI preferences kept in localStorage. Storage can throw (disabled, quota, some file://
 * setups), and a preference that cannot be kept must never break the page.
 */
export function readPref(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePref(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Not kept: the choice still applies to this page.
  }
}

export const PREF_KEYS = {
  theme: 'omniroute.theme',
  locale: 'omniroute.locale',
  onboarding: 'omniroute.onboarding',
} as const;
