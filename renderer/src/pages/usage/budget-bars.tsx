/** Each configured budget as a bar of what its period has spent, and what each API key spent. */
import { For, Show } from 'solid-js';
import type { BudgetsStatus } from '../../../../core/control/contract.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatRelative } from '../../lib/format.js';
import { createNow } from '../../lib/loader.js';
import { usd } from '../../lib/usage-format.js';

type Line = BudgetsStatus['budgets'][number];

export function BudgetBars(props: { status: BudgetsStatus }) {
  const { t } = useI18n();
  return (
    <Card class="mb-4" data-testid="usage-budgets">
      <CardTitle>{t('usage.budgets.title')}</CardTitle>
      <Show when={props.status.budgets.length > 0} fallback={<p class="text-muted">{t('usage.budgets.none')}</p>}>
        <ul class="m-0 flex list-none flex-col gap-3 p-0">
          <For each={props.status.budgets}>{(line) => <BudgetBar line={line} />}</For>
        </ul>
      </Show>
      <Show when={props.status.keys.length > 0}>
        <KeySpend keys={props.status.keys} />
      </Show>
    </Card>
  );
}

function BudgetBar(props: { line: Line }) {
  const { t, tag } = useI18n();
  const now = createNow(60_000);
  const fraction = () => (props.line.limit > 0 ? Math.min(1, props.line.spent / props.line.limit) : 1);
  // Past four fifths the bar warns; an exhausted budget is refusing requests.
  const tone = () => (props.line.exhausted ? 'bg-bad' : fraction() >= 0.8 ? 'bg-warn' : 'bg-accent');
  const name = () =>
    t('usage.budgets.line', { scope: t(`usage.budgets.scopes.${props.line.scope}`), id: props.line.id, period: t(`usage.budgets.periods.${props.line.period}`) });
  const spent = () => t('usage.budgets.spent', { spent: usd(tag(), props.line.spent), limit: usd(tag(), props.line.limit) });
  return (
    <li data-testid="usage-budget">
      <div class="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-[13px]">
        <span class="font-medium">{name()}</span>
        <span class="tabular-nums">
          <Show when={props.line.exhausted}>
            <span class="mr-2 font-semibold text-bad">{t('usage.budgets.exhausted')}</span>
          </Show>
          {spent()}
          <span class="text-muted"> · {t('usage.budgets.resets', { when: formatRelative(tag(), props.line.resetsAt, now()) })}</span>
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={name()}
        aria-valuemin={0}
        aria-valuemax={props.line.limit}
        aria-valuenow={Math.min(props.line.spent, props.line.limit)}
        aria-valuetext={spent()}
        class="h-2 w-full overflow-hidden rounded-full bg-surface-2"
      >
        <div class={`h-full rounded-full ${tone()}`} style={{ width: `${(fraction() * 100).toFixed(1)}%` }} />
      </div>
    </li>
  );
}

function KeySpend(props: { keys: BudgetsStatus['keys'] }) {
  const { t, tag } = useI18n();
  return (
    <>
      <h3 class="mt-4 mb-2 text-[13px] font-semibold" id="usage-key-spend">
        {t('usage.budgets.keysTitle')}
      </h3>
      <table class="w-full max-w-lg border-collapse text-[13px] tabular-nums" aria-labelledby="usage-key-spend">
        <thead>
          <tr class="border-b border-border text-left text-muted">
            <th scope="col" class="py-1 pr-3 font-medium">{t('usage.budgets.key')}</th>
            <th scope="col" class="px-2 py-1 text-right font-medium">{t('usage.budgets.today')}</th>
            <th scope="col" class="px-2 py-1 text-right font-medium">{t('usage.budgets.month')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.keys}>
            {(k) => (
              <tr class="border-b border-border last:border-b-0">
                <th scope="row" class="py-1 pr-3 text-left font-medium">{k.label}</th>
                <td class="px-2 py-1 text-right">{usd(tag(), k.daily)}</td>
                <td class="px-2 py-1 text-right">{usd(tag(), k.monthly)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </>
  );
}
