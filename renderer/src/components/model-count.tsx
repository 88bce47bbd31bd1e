import { useI18n } from '../i18n/i18n-context.js';

/** "1 model" / "6 models" in the current language. */
export function useModelCount() {
  const { t, tag } = useI18n();
  return (count: number): string => (new Intl.PluralRules(tag()).select(count) === 'one' ? t('providers.modelsOne') : t('providers.models', { count }));
}
