import { useI18n, type Locale } from '../i18n/i18n-context.js';
import { Segmented } from './segmented.js';

/** Each language is named in itself, so a user who cannot read the current one still finds theirs. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Segmented<Locale>
      label={t('prefs.language')}
      value={locale()}
      onChange={setLocale}
      testId="language-switch"
      options={[
        { value: 'en', label: 'English' },
        { value: 'zh', label: '简体中文' },
      ]}
    />
  );
}
