import { Show } from 'solid-js';
import type { QuotaWindowStatus } from '../lib/views.js';
import { useI18n } from '../i18n/i18n-context.js';
import { tightestWindow } from '../lib/account-health.js';
import { formatNumber, formatPercent } from '../lib/format.js';

/** The account's most constrained quota window in one line, or an explicit "not reported". */
export function QuotaSummary(props: { windows: readonly QuotaWindowStatus[] | undefined }) {
  const { t, tag } = useI18n();
  const tightest = () => tightestWindow(props.windows ?? []);
  return (
    <Show when={tightest()} fallback={<span class="text-xs text-muted" data-testid="quota">{t('common.notReported')}</span>}>
      {(w) => (
        <span class="inline-flex items-center gap-1.5 text-xs text-muted" data-testid="quota">
          <Show when={w().fraction !== null}>
            <span class="inline-block h-1.5 w-12 overflow-hidden rounded-full bg-surface-2" aria-hidden="true">
              <span
                class="block h-full rounded-full"
                classList={{ 'bg-ok': (w().fraction ?? 0) > 0.2, 'bg-warn': (w().fraction ?? 0) <= 0.2 && (w().fraction ?? 0) > 0, 'bg-bad': w().fraction === 0 }}
                style={{ width: `${Math.round((w().fraction ?? 0) * 100)}%` }}
              />
            </span>
          </Show>
          {w().fraction !== null
            ? t('health.quotaLeft', { percent: formatPercent(tag(), w().fraction ?? 0), window: w().window.window })
            : t('health.quotaRemaining', { remaining: formatNumber(tag(), w().window.remaining), window: w().window.window })}
        </span>
      )}
    </Show>
  );
}
