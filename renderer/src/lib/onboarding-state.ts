/**
 * Where the first-run wizard stands, kept in localStorage so closing the window mid-way
 * resumes at the same step. Never holds a secret: the gateway key is shown once, in memory.
 */
import { PREF_KEYS, readPref, writePref } from './storage.js';

export type OnboardingStep = 1 | 2 | 3 | 4;

export interface OnboardingState {
  step: OnboardingStep;
  /** skipped: the user closed it; done: finished. Either way it no longer opens by itself. */
  status: 'open' | 'skipped' | 'done';
  providerId: string | null;
  connectionId: string | null;
  comboName: string | null;
}

export const FRESH_ONBOARDING: OnboardingState = { step: 1, status: 'open', providerId: null, connectionId: null, comboName: null };

export function loadOnboarding(): OnboardingState {
  const raw = readPref(PREF_KEYS.onboarding);
  if (!raw) return { ...FRESH_ONBOARDING };
  try {
    const v = JSON.parse(raw) as Partial<OnboardingState>;
    const step = v.step === 2 || v.step === 3 || v.step === 4 ? v.step : 1;
    const status = v.status === 'skipped' || v.status === 'done' ? v.status : 'open';
    const str = (s: unknown) => (typeof s === 'string' && s.length > 0 ? s : null);
    return { step, status, providerId: str(v.providerId), connectionId: str(v.connectionId), comboName: str(v.comboName) };
  } catch {
    return { ...FRESH_ONBOARDING };
  }
}

export function saveOnboarding(state: OnboardingState): void {
  writePref(PREF_KEYS.onboarding, JSON.stringify(state));
}
