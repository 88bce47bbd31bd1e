import { For, Show } from 'solid-js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import { latencyRows, latencyValue, type LatencyRowData } from '../../lib/health-latency.js';
import type { UsageSummaryView } from '../../lib/health-types.js';

/** p50, p95 and p99 of the last hour per provider, from the request log (usage.summary). */
export function LatencyCard(props: { summary: UsageSummaryView; names: ReadonlyMap<string, string> }) {
  const { t, tag } = useI18n();
  const ms = (v: number | null): string => {
    const value = latencyValue(tag(), v);
    if (!value) return '—';
    return value.unit === 'ms' ? t('healthPage.ms', { n: value.n }) : t('healthPage.seconds', { n: value.n });
  };
  const rows = () => latencyRows(props.summary.groups);
  const name = (g: LatencyRowData) => (g.key === null ? t('healthPage.noProvider') : (props.names.get(g.key) ?? g.key));
  const cells = (g: LatencyRowData) => [formatNumber(tag(), g.requests), formatPercent(tag(), g.successRate), ms(g.latencyP50), ms(g.latencyP95), ms(g.latencyP99)];
  return (
    <Card aria-labelledby="health-latency-heading" data-testid="latency">
      <CardTitle id="health-latency-heading">{t('healthPage.latencyTitle')}</CardTitle>
      <p class="-mt-2 mb-3 text-xs text-muted">{t('healthPage.latencyHint')}</p>
      <Show when={rows().length > 0} fallback={<p class="text-muted" data-testid="latency-empty">{t('healthPage.noTraffic')}</p>}>
        <div class="overflow-x-auto">
          <table class="w-full border-collapse text-left">
            <thead>
              <tr class="border-b border-border text-xs text-muted">
                <th scope="col" class="px-2 py-1.5 font-medium">{t('healthPage.colProvider')}</th>
                <For each={[t('healthPage.colRequests'), t('healthPage.colSuccess'), t('healthPage.colP50'), t('healthPage.colP95'), t('healthPage.colP99')]}>
                  {(h) => (
                    <th scope="col" class="px-2 py-1.5 text-right font-medium">
                      {h}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(g) => (
                  <tr class="border-b border-border" data-testid="latency-row" data-provider-id={g.key ?? ''}>
                    <th scope="row" class="px-2 py-1.5 font-normal">
                      {name(g)}
                    </th>
                    <For each={cells(g)}>{(c) => <td class="px-2 py-1.5 text-right tabular-nums">{c}</td>}</For>
                  </tr>
                )}
              </For>
              <tr class="font-medium" data-testid="latency-total">
                <th scope="row" class="px-2 py-1.5">
                  {t('healthPage.allProviders')}
                </th>
                <For each={cells(props.summary.total)}>{(c) => <td class="px-2 py-1.5 text-right tabular-nums">{c}</td>}</For>
              </tr>
            </tbody>
          </table>
        </div>
      </Show>
    </Card>
  );
}
