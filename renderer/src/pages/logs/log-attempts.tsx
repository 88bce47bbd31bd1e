/**
 * The upstream attempts of one request, in order, as a small table in the log drawer: where
 * each call went, what the upstream answered, and the gateway's error code when it failed.
 * Text only; the log keeps no upstream error text, so there is none to show.
 */
import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { DASH, formatMs } from '../../lib/logs-format.js';
import type { LogDetail } from '../../lib/logs-types.js';

type LogAttempt = NonNullable<LogDetail['attemptList']>[number];

export function LogAttempts(props: { attempts: readonly LogAttempt[]; omitted: number }) {
  const { t } = useI18n();
  const outcome = (a: LogAttempt) => {
    const word = t(`logs.detail.attemptOutcome.${a.outcome}`);
    return a.errorCode === null ? word : `${word}: ${a.errorCode}`;
  };
  const th = 'px-2 py-1 text-left font-medium text-muted';
  const td = 'px-2 py-1 align-top break-words';
  return (
    <section>
      <h3 class="mb-2 text-sm font-semibold">{t('logs.detail.attemptList')}</h3>
      <table class="w-full table-fixed border-collapse text-[13px]" data-testid="detail-attempt-list">
        <thead>
          <tr class="border-b border-border">
            <th class={`${th} w-8`}>{t('logs.detail.attemptCol.n')}</th>
            <th class={th}>{t('logs.detail.attemptCol.route')}</th>
            <th class={th}>{t('logs.detail.attemptCol.model')}</th>
            <th class={th}>{t('logs.detail.attemptCol.format')}</th>
            <th class={`${th} w-16`}>{t('logs.detail.attemptCol.status')}</th>
            <th class={th}>{t('logs.detail.attemptCol.outcome')}</th>
            <th class={`${th} w-16`}>{t('logs.detail.attemptCol.time')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.attempts}>
            {(a) => (
              <tr class="border-b border-border last:border-b-0" data-testid="detail-attempt">
                <td class={td}>{a.n}</td>
                <td class={td}>{`${a.providerId} / ${a.accountLabel || a.connectionId}`}</td>
                <td class={td}>{a.upstreamModel || DASH}</td>
                <td class={td}>{a.upstreamFormat}</td>
                <td class={td} data-testid="detail-attempt-status">
                  {a.status ?? t('logs.detail.noAnswer')}
                </td>
                <td class={td} data-testid="detail-attempt-outcome">
                  {outcome(a)}
                </td>
                <td class={td}>{formatMs(a.durationMs)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.omitted > 0}>
        <p class="mt-1 text-xs text-muted">{t('logs.detail.attemptsOmitted', { count: props.omitted })}</p>
      </Show>
    </section>
  );
}
