import { useI18n } from '../../i18n/i18n-context.js';
import { CopyButton } from './copy-button.js';

/** A gateway key shown the one time it exists in clear: the gateway keeps only its hash. */
export function SecretOnce(props: { secret: string }) {
  const { t } = useI18n();
  return (
    <div class="flex flex-col gap-2 rounded-md border border-warn bg-warn-soft p-3">
      <p class="text-[13px] font-medium text-warn">{t('keys.shownOnce')}</p>
      <div class="flex flex-wrap items-center gap-2">
        <code data-testid="issued-key" class="min-w-0 flex-1 break-all rounded bg-surface px-2 py-1 text-[13px] text-fg">
          {props.secret}
        </code>
        <CopyButton text={props.secret} testId="copy-issued-key" />
      </div>
    </div>
  );
}
