import { useI18n } from '../../i18n/i18n-context.js';

interface FieldText {
  label: string;
  help: string;
}

function isFieldText(value: unknown): value is FieldText {
  return typeof value === 'object' && value !== null && typeof (value as Partial<FieldText>).label === 'string' && typeof (value as Partial<FieldText>).help === 'string';
}

/**
 * A setting's name and help in the current language. A key the gateway added after this
 * dashboard was built shows its raw key rather than failing; tests/dashboard-setup.test.ts
 * fails instead when a setting the gateway sends has no translation.
 */
export function useSettingText() {
  const { t } = useI18n();
  return (key: string): { label: string; help: string; translated: boolean } => {
    // The dictionary's setting texts are keyed by the gateway's dotted setting names, which
    // the translator cannot address one by one; the whole table is read and each entry checked.
    const fields: unknown = t('settings.fields');
    const found: unknown = typeof fields === 'object' && fields !== null && Object.hasOwn(fields, key) ? (fields as Record<string, unknown>)[key] : undefined;
    return isFieldText(found) ? { label: found.label, help: found.help, translated: true } : { label: key, help: '', translated: false };
  };
}
