import { For, Index, Show, createMemo } from 'solid-js';
import { RotateCcw } from 'lucide-solid';
import { useClient } from '../client-context.js';
import { Button } from '../components/ui/button.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import { lastHour } from '../lib/health-latency.js';
import { healthView, providerHasState } from '../lib/health-view.js';
import { createLoader, createNow } from '../lib/loader.js';
import { GatewayCard } from './health/gateway-card.js';
import { LatencyCard } from './health/latency-card.js';
import { ProviderHealth } from './health/provider-health.js';
import { ResetButton } from './health/reset-button.js';

/**
 * Uptime, each provider's and account's breaker and cooldown with a reset, learned limits, and
 * the last hour's latency. Reloads on pushed events (a breaker opened, a request finished) and
 * every ten seconds for cooldowns that end by themselves; countdowns tick from one clock.
 */
export function HealthPage() {
  const client = useClient();
  const { t } = useI18n();
  const now = createNow(1000);
  const actions = createActions();
  const data = createLoader(
    async () => {
      const fetchedAt = Date.now();
      const [status, providers, connections, routing, latency] = await Promise.all([
        client.call('gateway.status', {}),
        client.call('providers.list', {}),
        client.call('connections.list', {}),
        client.call('routing.status', {}),
        client.call('usage.summary', lastHour(fetchedAt)),
      ]);
      return { fetchedAt, status, providers, connections, routing, latency };
    },
    { live: true, intervalMs: 10_000 },
  );
  // Built from a load, not from the clock: rows keep their elements (and a focused Reset
  // button its focus) while countdowns tick; states are read against the clock in the rows.
  const view = createMemo(() => {
    const d = data.data();
    return d ? healthView({ providers: d.providers, connections: d.connections, routing: d.routing, now: d.fetchedAt }) : undefined;
  });
  const names = createMemo(() => new Map((data.data()?.providers ?? []).map((p) => [p.id, p.name])));
  const anyState = () => {
    const v = view();
    return v !== undefined && (v.other.length > 0 || v.providers.some(providerHasState));
  };
  const refetch = () => void data.refetch();

  return (
    <>
      <PageHeader
        title={t('healthPage.title')}
        description={t('healthPage.description')}
        actions={
          <Button
            onClick={() => void actions.run(() => client.call('routing.reset', { all: true }), t('healthPage.resetAllDone')).then(refetch)}
            disabled={!anyState() || actions.busy()}
            title={t('healthPage.resetAllLabel')}
            data-testid="health-reset-all"
          >
            <RotateCcw size={14} aria-hidden="true" />
            {t('healthPage.resetAll')}
          </Button>
        }
      />
      <ErrorBanner message={data.error()} onRetry={refetch} />
      <Loaded loader={data}>
        {(d) => (
          <div class="flex flex-col gap-4">
            <GatewayCard status={d().status} fetchedAt={d().fetchedAt} now={now} />
            <Card aria-labelledby="health-routing-heading" data-testid="health-routing">
              <CardTitle id="health-routing-heading">{t('healthPage.routingTitle')}</CardTitle>
              <p class="-mt-2 mb-1 text-xs text-muted">{t('healthPage.routingHint')}</p>
              <Show when={(view()?.providers.length ?? 0) > 0} fallback={<p class="mt-3 text-muted">{t('healthPage.noProviders')}</p>}>
                <ul class="m-0 list-none divide-y divide-border p-0">
                  <Index each={view()?.providers ?? []}>{(p) => <ProviderHealth provider={p()} actions={actions} now={now} onChanged={refetch} />}</Index>
                </ul>
              </Show>
            </Card>
            <Show when={(view()?.other.length ?? 0) > 0}>
              <Card aria-labelledby="health-other-heading" data-testid="health-other">
                <CardTitle id="health-other-heading">{t('healthPage.otherTitle')}</CardTitle>
                <p class="-mt-2 mb-2 text-xs text-muted">{t('healthPage.otherHint')}</p>
                <ul class="m-0 list-none divide-y divide-border p-0">
                  <For each={view()?.other ?? []}>
                    {(key) => (
                      <li class="flex items-center justify-between gap-3 py-2">
                        <code class="text-[13px]">{key}</code>
                        <ResetButton
                          actions={actions}
                          label={t('healthPage.resetKeyLabel', { name: key })}
                          name={key}
                          reset={() => client.call('routing.reset', { key })}
                          onDone={refetch}
                          testId="health-other-reset"
                        />
                      </li>
                    )}
                  </For>
                </ul>
              </Card>
            </Show>
            <LatencyCard summary={d().latency} names={names()} />
          </div>
        )}
      </Loaded>
    </>
  );
}
