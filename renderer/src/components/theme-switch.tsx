import { Monitor, Moon, Sun } from 'lucide-solid';
import { useI18n } from '../i18n/i18n-context.js';
import type { ThemePreference } from '../lib/theme.js';
import { Segmented } from './segmented.js';

export function ThemeSwitch(props: { value: ThemePreference; onChange: (v: ThemePreference) => void }) {
  const { t } = useI18n();
  return (
    <Segmented<ThemePreference>
      label={t('prefs.theme')}
      value={props.value}
      onChange={props.onChange}
      testId="theme-switch"
      options={[
        { value: 'system', label: t('prefs.system'), icon: <Monitor size={14} /> },
        { value: 'light', label: t('prefs.light'), icon: <Sun size={14} /> },
        { value: 'dark', label: t('prefs.dark'), icon: <Moon size={14} /> },
      ]}
    />
  );
}
