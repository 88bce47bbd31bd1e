import { For, Show, type Accessor } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../../lib/format.js';
import type { QuotaAccount } from '../../lib/quota-accounts.js';
import { WindowRow } from './window-row.js';

/**
 * One account's windows, or an explicit "not reported" when it has none: a blank would read
 * as "no limits", which nobody knows.
 */
export function AccountQuota(props: { account: QuotaAccount; now: Accessor<number> }) {
  const { t, tag } = useI18n();
  const a = () => props.account;
  // The gateway's own blocked message is English; the page says it in its own words.
  const blockedText = () => {
    const until = a().blocked?.until ?? null;
    return until !== null ? t('quota.blockedUntil', { time: formatDateTime(tag(), until) }) : t('quota.blocked');
  };
  return (
    <li class="py-3" data-testid="quota-account" data-connection-id={a().connectionId} data-label={a().label}>
      <div class="flex flex-wrap items-center gap-2">
        <span class="font-semibold">{a().label}</span>
        <Show when={!a().enabled}>
          <Badge>{t('quota.disabled')}</Badge>
        </Show>
        <Show when={a().blocked}>
          <Badge tone="warn" testId="quota-blocked">
            {blockedText()}
          </Badge>
        </Show>
      </div>
      <Show
        when={a().windows.length > 0}
        fallback={
          <p class="mt-1 text-[13px] text-muted" data-testid="quota-not-reported">
            {t('quota.notReported')}
          </p>
        }
      >
        <ul class="m-0 list-none divide-y divide-border p-0">
          <For each={a().windows}>{(w) => <WindowRow window={w} now={props.now} />}</For>
        </ul>
      </Show>
    </li>
  );
}
