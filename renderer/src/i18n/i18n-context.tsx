import * as i18n from '@solid-primitives/i18n';
import { createContext, createEffect, createMemo, createSignal, useContext, type ParentProps } from 'solid-js';
import { PREF_KEYS, readPref, writePref } from '../lib/storage.js';
import { en, type Dictionary } from './en.js';
import { zh } from './zh.js';

export type Locale = 'en' | 'zh';
export const LOCALES: readonly Locale[] = ['en', 'zh'];
const dictionaries: Record<Locale, Dictionary> = { en, zh };

/** The BCP 47 tag Intl formatters and <html lang> get for each locale. */
export const LOCALE_TAGS: Record<Locale, string> = { en: 'en', zh: 'zh-CN' };

function initialLocale(): Locale {
  const saved = readPref(PREF_KEYS.locale);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function createI18n() {
  const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
  const flat = createMemo(() => i18n.flatten(dictionaries[locale()]));
  const t = i18n.translator(flat, i18n.resolveTemplate);
  createEffect(() => {
    document.documentElement.lang = LOCALE_TAGS[locale()];
  });
  return {
    locale,
    /** The tag for Intl formatters. */
    tag: () => LOCALE_TAGS[locale()],
    t,
    setLocale(next: Locale) {
      setLocaleSignal(next);
      writePref(PREF_KEYS.locale, next);
    },
  };
}

export type I18n = ReturnType<typeof createI18n>;
export type TranslationKey = Parameters<I18n['t']>[0];

const I18nContext = createContext<I18n>();

export function I18nProvider(props: ParentProps) {
  const value = createI18n();
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
