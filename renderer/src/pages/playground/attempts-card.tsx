import { For, Show } from 'solid-js';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { PlaygroundAttempt } from '../../lib/playground-run.js';

const OUTCOME_TONES: Record<PlaygroundAttempt['outcome'], BadgeTone> = { answered: 'ok', failed: 'bad', abandoned: 'neutral' };

/** Each upstream call routing made for the run, in order, with why a failed one failed; null before any result. */
export function AttemptsCard(props: { attempts: readonly PlaygroundAttempt[] | null }) {
  const { t } = useI18n();
  const th = 'px-2 py-1.5 text-left text-xs font-medium text-muted';
  const td = 'px-2 py-1.5 align-top';
  return (
    <Card aria-labelledby="playground-attempts-title">
      <CardTitle id="playground-attempts-title">{t('playground.attempts')}</CardTitle>
      <Show
        when={props.attempts !== null && props.attempts.length > 0}
        fallback={<p class="text-[13px] text-muted">{props.attempts === null ? t('playground.paneEmpty') : t('playground.noAttempts')}</p>}
      >
        <div class="overflow-x-auto">
          <table class="w-full border-collapse text-[13px]" data-testid="playground-attempts">
            <thead>
              <tr class="border-b border-border">
                <th class={th}>{t('playground.attemptColumns.n')}</th>
                <th class={th}>{t('playground.attemptColumns.target')}</th>
                <th class={th}>{t('playground.attemptColumns.model')}</th>
                <th class={th}>{t('playground.attemptColumns.format')}</th>
                <th class={th}>{t('playground.attemptColumns.status')}</th>
                <th class={th}>{t('playground.attemptColumns.outcome')}</th>
                <th class={th}>{t('playground.attemptColumns.time')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.attempts ?? []}>
                {(a, i) => (
                  <tr class="border-b border-border last:border-b-0" data-testid="playground-attempt" data-outcome={a.outcome}>
                    <td class={td}>{i() + 1}</td>
                    <td class={td}>
                      <span class="font-medium">{a.provider}</span>
                      <span class="text-muted"> / {a.account}</span>
                      <Show when={a.url}>
                        <div class="break-all font-mono text-xs text-muted">{a.url}</div>
                      </Show>
                    </td>
                    <td class={`${td} whitespace-nowrap font-mono text-xs`}>{a.model}</td>
                    <td class={td}>{t(`playground.formats.${a.format}`)}</td>
                    <td class={`${td} whitespace-nowrap`}>{a.status ?? t('playground.noStatus')}</td>
                    <td class={td}>
                      <Badge tone={OUTCOME_TONES[a.outcome]}>{t(`playground.outcomes.${a.outcome}`)}</Badge>
                      <Show when={a.error}>
                        <div class="mt-1 max-w-md whitespace-pre-wrap break-words text-xs text-bad">{a.error}</div>
                      </Show>
                    </td>
                    <td class={`${td} whitespace-nowrap`}>{t('playground.latency', { ms: String(a.latencyMs) })}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Card>
  );
}
