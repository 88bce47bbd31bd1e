import { For, Show, type Accessor } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n, type TranslationKey } from '../../i18n/i18n-context.js';
import { formatUsd } from '../../lib/format.js';
import { barTone, usedShare } from '../../lib/quota-window.js';
import type { BudgetsStatus } from '../../lib/views.js';
import { ProgressBar } from './progress-bar.js';
import { ResetCountdown } from './reset-countdown.js';

type BudgetLine = BudgetsStatus['budgets'][number];

const SCOPE: Record<BudgetLine['scope'], Extract<TranslationKey, `quota.budgetScopes.${string}`>> = {
  provider: 'quota.budgetScopes.provider',
  tier: 'quota.budgetScopes.tier',
  key: 'quota.budgetScopes.key',
};
const PERIOD: Record<BudgetLine['period'], Extract<TranslationKey, `quota.budgetPeriods.${string}`>> = { daily: 'quota.budgetPeriods.daily', monthly: 'quota.budgetPeriods.monthly' };
/** Tier ids the dashboard already names (tierBadges); a tier it does not know is shown as its id. */
const TIERS: Partial<Record<string, Extract<TranslationKey, `tierBadges.${string}`>>> = {
  subscription: 'tierBadges.subscription',
  'api-key': 'tierBadges.api-key',
  cheap: 'tierBadges.cheap',
  free: 'tierBadges.free',
  local: 'tierBadges.local',
  custom: 'tierBadges.custom',
};

/** Each configured budget in its current period, and what each API key has spent. */
export function BudgetsCard(props: { budgets: BudgetsStatus; now: Accessor<number> }) {
  const { t, tag } = useI18n();
  const scopeText = (b: BudgetLine) => {
    const tier = b.scope === 'tier' ? TIERS[b.id] : undefined;
    return t(SCOPE[b.scope], { id: tier ? t(tier) : b.id });
  };
  return (
    <Card aria-labelledby="budgets-heading" data-testid="budgets">
      <CardTitle id="budgets-heading">{t('quota.budgetsTitle')}</CardTitle>
      <Show
        when={props.budgets.budgets.length > 0}
        fallback={
          <p class="text-muted" data-testid="no-budgets">
            {t('quota.noBudgets')}
          </p>
        }
      >
        <ul class="m-0 list-none divide-y divide-border p-0">
          <For each={props.budgets.budgets}>
            {(b) => {
              const share = () => usedShare({ used: b.spent, limit: b.limit, remaining: b.remaining, exhausted: b.exhausted }) ?? 0;
              const spent = () => t('quota.spentOf', { spent: formatUsd(tag(), b.spent), limit: formatUsd(tag(), b.limit) });
              return (
                <li class="flex flex-col gap-1.5 py-2.5" data-testid="budget" data-scope={b.scope} data-id={b.id} data-period={b.period}>
                  <div class="flex flex-wrap items-center gap-2">
                    <span class="font-medium">{scopeText(b)}</span>
                    <Badge>{t(PERIOD[b.period])}</Badge>
                    <Show when={b.exhausted}>
                      <Badge tone="bad">{t('quota.spent')}</Badge>
                    </Show>
                    <span class="ml-auto">
                      <ResetCountdown resetAt={b.resetsAt} now={props.now} />
                    </span>
                  </div>
                  <ProgressBar share={share()} tone={barTone(share(), b.exhausted)} label={t('quota.barLabel', { window: scopeText(b), source: t(PERIOD[b.period]) })} valueText={spent()} testId="budget-bar" />
                  <span class="text-xs text-muted tabular-nums">{spent()}</span>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
      <Show when={props.budgets.keys.length > 0}>
        <h3 class="mt-4 mb-2 text-[13px] font-semibold">{t('quota.keysTitle')}</h3>
        <div class="overflow-x-auto">
          <table class="w-full border-collapse text-left">
            <thead>
              <tr class="border-b border-border text-xs text-muted">
                <th scope="col" class="px-2 py-1.5 font-medium">{t('quota.colKey')}</th>
                <th scope="col" class="px-2 py-1.5 text-right font-medium">{t('quota.colToday')}</th>
                <th scope="col" class="px-2 py-1.5 text-right font-medium">{t('quota.colMonth')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.budgets.keys}>
                {(k) => (
                  <tr class="border-b border-border last:border-b-0" data-testid="key-spend">
                    <td class="px-2 py-1.5">{k.label}</td>
                    <td class="px-2 py-1.5 text-right tabular-nums">{formatUsd(tag(), k.daily)}</td>
                    <td class="px-2 py-1.5 text-right tabular-nums">{formatUsd(tag(), k.monthly)}</td>
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
