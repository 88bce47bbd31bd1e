import { useI18n } from '../../i18n/i18n-context.js';

/**
 * A setting's name and help in the current language. A key the gateway added after this
 * dashboard was built shows its raw key rather than failing; tests/dashboard-setup.test.ts
 * fails instead when a setting the gateway sends has no translation.
 */
export function useSettingText() {
  const { t } = useI18n();
  return (key: string): { label: string; help: string; translated: boolean } => {
    const fields = t('settings.fields') as unknown as Record<string, { label: string; help: string } | undefined>;
    const found = fields[key];
    return found ? { ...found, translated: true } : { label: key, help: '', translated: false };
  };
}
