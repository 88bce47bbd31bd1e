import { useI18n } from '../i18n/i18n-context.js';

/** Why an entry has no controls: the config file owns it (named when the gateway knows its path). */
export function ReadOnlyNote(props: { configPath: string | null }) {
  const { t } = useI18n();
  return (
    <p class="mb-2 text-xs text-muted" data-testid="read-only-note">
      {props.configPath ? t('common.readOnlyFromFile', { path: props.configPath }) : t('common.readOnlyFromFileNoPath')}
    </p>
  );
}
