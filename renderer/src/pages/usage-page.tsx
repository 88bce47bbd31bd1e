/**
 * Usage and cost: the range's totals, four charts over time (requests and cost split by the
 * busiest groups, tokens by kind, latency percentiles), each group's totals as a table, and
 * the budgets. One load asks for the summary, the series and the budgets together.
 */
import { Show, createEffect, createMemo, createSignal, on } from 'solid-js';
import type { UsageTimeseries } from '../../../core/control/usage-contract.js';
import { useClient } from '../client-context.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createLoader } from '../lib/loader.js';
import { DEFAULT_BUCKET, isBucket, rangeOf, type RangePreset, type UsageBucket, type UsageSplit } from '../lib/usage-range.js';
import { costChart, latencyChart, requestsChart, tokensChart } from '../lib/usage-series.js';
import { BudgetBars } from './usage/budget-bars.js';
import { ChartCard } from './usage/chart-card.js';
import { GroupTable } from './usage/group-table.js';
import { UsageControls } from './usage/usage-controls.js';
import { UsageTotals } from './usage/usage-totals.js';

export function UsagePage() {
  const client = useClient();
  const { t } = useI18n();
  const [preset, setPreset] = createSignal<RangePreset>('24h');
  const [bucket, setBucket] = createSignal<UsageBucket>(DEFAULT_BUCKET['24h']);
  const [split, setSplit] = createSignal<UsageSplit>('provider');

  const data = createLoader(
    async () => {
      const range = rangeOf(preset(), Date.now());
      const [summary, series, budgets] = await Promise.all([
        client.call('usage.summary', { ...range, groupBy: split() }),
        client.call('usage.timeseries', { ...range, bucket: bucket(), groupBy: split() }),
        // Budgets are an extra: the charts stand without them.
        client.call('budgets.status', {}).catch(() => null),
      ]);
      return { summary, series, budgets };
    },
    { live: true },
  );
  createEffect(on([preset, bucket, split], () => void data.refetch(), { defer: true }));

  const groupName = (g: { key: string | null; label: string | null }) => g.label ?? g.key ?? t('usage.lines.none');
  const splitName = () => t(`usage.splits.${split()}`);
  const shownBucket = (b: string): UsageBucket => (isBucket(b) ? b : bucket());

  return (
    <>
      <PageHeader title={t('usage.title')} description={t('usage.description')} />
      <UsageControls
        preset={preset()}
        bucket={bucket()}
        split={split()}
        onPreset={(p) => {
          setPreset(p);
          setBucket(DEFAULT_BUCKET[p]);
        }}
        onBucket={setBucket}
        onSplit={setSplit}
      />
      <ErrorBanner message={data.error()} onRetry={() => void data.refetch()} />
      <Loaded loader={data}>
        {(d) => (
          <>
            <UsageTotals total={d().summary.total} />
            {/* The bucket the data came in, not the picker's: they differ while a new choice loads. */}
            <Charts series={d().series} bucket={shownBucket(d().series.bucket)} groupName={groupName} />
            <GroupTable summary={d().summary} splitName={splitName()} groupName={groupName} />
            <Show when={d().budgets}>{(b) => <BudgetBars status={b()} />}</Show>
          </>
        )}
      </Loaded>
    </>
  );
}

function Charts(props: { series: UsageTimeseries; bucket: UsageBucket; groupName: (g: UsageTimeseries['groups'][number]) => string }) {
  const { t } = useI18n();
  const groupLabels = () => ({
    total: t('usage.lines.total'),
    group: (i: number) => {
      const g = props.series.groups[i];
      return g === undefined ? '' : props.groupName(g);
    },
  });
  const requests = createMemo(() => requestsChart(props.series, groupLabels()));
  const cost = createMemo(() => costChart(props.series, groupLabels()));
  const tokens = createMemo(() =>
    tokensChart(props.series, { input: t('usage.lines.input'), output: t('usage.lines.output'), cached: t('usage.lines.cached'), reasoning: t('usage.lines.reasoning') }),
  );
  const latency = createMemo(() => latencyChart(props.series, { p50: t('usage.lines.p50'), p95: t('usage.lines.p95'), p99: t('usage.lines.p99') }));
  const note = () => (props.series.groups.length > 0 ? t('usage.charts.splitNote', { count: String(props.series.groups.length) }) : undefined);
  return (
    <div class="mb-4 grid grid-cols-1 gap-4 xl:grid-cols-2">
      <ChartCard id="requests" title={t('usage.charts.requests')} model={requests()} kind="count" bucket={props.bucket} note={note()} />
      <ChartCard id="tokens" title={t('usage.charts.tokens')} model={tokens()} kind="count" bucket={props.bucket} />
      <ChartCard id="cost" title={t('usage.charts.cost')} model={cost()} kind="usd" bucket={props.bucket} note={note()} />
      <ChartCard id="latency" title={t('usage.charts.latency')} model={latency()} kind="ms" bucket={props.bucket} />
    </div>
  );
}
