import { createEffect, For, Show } from 'solid-js';
import { useClient } from '../client-context.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createLoader, createNow } from '../lib/loader.js';
import { quotaAccounts } from '../lib/quota-accounts.js';
import { anyPassed } from '../lib/quota-countdown.js';
import { AccountQuota } from './quota/account-quota.js';
import { BudgetsCard } from './quota/budgets-card.js';

/**
 * Every account's quota windows and the budgets. Figures reload when the gateway pushes an
 * event (a window crossed 80 %, a request finished), every half minute for what providers
 * report between requests, and once when a shown reset time passes; the countdowns in between
 * tick from one clock and load nothing.
 */
export function QuotaPage() {
  const client = useClient();
  const { t } = useI18n();
  const now = createNow(1000);
  const data = createLoader(
    async () => {
      const [quota, connections, providers, budgets] = await Promise.all([
        client.call('quota.status', {}),
        client.call('connections.list', {}),
        client.call('providers.list', {}),
        client.call('budgets.status', {}),
      ]);
      return { groups: quotaAccounts({ quota, connections, providers }), budgets };
    },
    { live: true, intervalMs: 30_000 },
  );

  const resetTimes = function* () {
    const d = data.data();
    if (!d) return;
    for (const g of d.groups) for (const a of g.accounts) for (const w of a.windows) yield w.resetAt;
    for (const b of d.budgets.budgets) yield b.resetsAt;
  };
  let before = now();
  createEffect(() => {
    const at = now();
    if (anyPassed(resetTimes(), before, at)) void data.refetch();
    before = at;
  });

  return (
    <>
      <PageHeader title={t('quota.title')} description={t('quota.description')} />
      <ErrorBanner message={data.error()} onRetry={() => void data.refetch()} />
      <Loaded loader={data}>
        {(d) => (
          <div class="flex flex-col gap-4">
            <Show
              when={d().groups.length > 0}
              fallback={
                <Card>
                  <p class="text-muted" data-testid="quota-no-accounts">
                    {t('quota.noAccounts')}
                  </p>
                </Card>
              }
            >
              <For each={d().groups}>
                {(g) => (
                  <Card aria-labelledby={`quota-provider-${g.providerId}`} data-testid="quota-provider" data-provider-id={g.providerId}>
                    <CardTitle id={`quota-provider-${g.providerId}`}>
                      {g.providerName}
                      <Show when={g.providerName !== g.providerId}>
                        <code class="ml-2 text-xs font-normal text-muted">{g.providerId}</code>
                      </Show>
                    </CardTitle>
                    <ul class="m-0 -my-3 list-none divide-y divide-border p-0">
                      <For each={g.accounts}>{(a) => <AccountQuota account={a} now={now} />}</For>
                    </ul>
                  </Card>
                )}
              </For>
            </Show>
            <BudgetsCard budgets={d().budgets} now={now} />
          </div>
        )}
      </Loaded>
    </>
  );
}
