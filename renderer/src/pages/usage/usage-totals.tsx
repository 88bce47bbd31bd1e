/** The range's totals as four figures: requests, tokens, cost and latency. */
import { For, type JSX } from 'solid-js';
import type { UsageSummary } from '../../../../core/control/usage-contract.js';
import { Card } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import { compactNumber, duration, usd } from '../../lib/usage-format.js';

type Total = UsageSummary['total'];

export function UsageTotals(props: { total: Total }) {
  const { t, tag } = useI18n();
  const n = (v: number) => compactNumber(tag(), v);
  const ms = (v: number | null) => (v === null ? '—' : duration(tag(), v));
  const tokens = () => {
    const k = props.total.tokens;
    return k.input + k.output + k.cached + k.reasoning;
  };
  const tiles = (): { id: string; label: string; value: string; detail: string }[] => [
    {
      id: 'requests',
      label: t('usage.totals.requests'),
      value: formatNumber(tag(), props.total.requests),
      detail: t('usage.totals.succeeded', { rate: formatPercent(tag(), props.total.successRate) }),
    },
    {
      id: 'tokens',
      label: t('usage.totals.tokens'),
      value: n(tokens()),
      detail: t('usage.totals.tokenBreakdown', {
        input: n(props.total.tokens.input),
        output: n(props.total.tokens.output),
        cached: n(props.total.tokens.cached),
        reasoning: n(props.total.tokens.reasoning),
      }),
    },
    {
      id: 'cost',
      label: t('usage.totals.cost'),
      value: usd(tag(), props.total.costUsd),
      detail:
        props.total.unknownCostRequests > 0 ? t('usage.totals.unpriced', { count: formatNumber(tag(), props.total.unknownCostRequests) }) : t('usage.totals.allPriced'),
    },
    {
      id: 'latency',
      label: t('usage.totals.latency'),
      value: ms(props.total.latencyP50),
      detail: t('usage.totals.percentiles', { p50: ms(props.total.latencyP50), p95: ms(props.total.latencyP95), p99: ms(props.total.latencyP99) }),
    },
  ];
  return (
    <div class="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" data-testid="usage-totals">
      <For each={tiles()}>{(tile) => <Tile {...tile} />}</For>
    </div>
  );
}

function Tile(props: { id: string; label: string; value: string; detail: string }): JSX.Element {
  return (
    <Card data-testid={`usage-total-${props.id}`}>
      <p class="text-[13px] font-medium text-muted">{props.label}</p>
      <p class="mt-1 text-2xl font-semibold tabular-nums" data-testid={`usage-total-${props.id}-value`}>
        {props.value}
      </p>
      <p class="mt-1 text-xs text-muted">{props.detail}</p>
    </Card>
  );
}
