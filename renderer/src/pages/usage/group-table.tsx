/** The text beside the charts: each group's totals over the range, and the overall total. */
import { For, Show } from 'solid-js';
import type { UsageSummary } from '../../../../core/control/usage-contract.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import { duration, usd } from '../../lib/usage-format.js';

type Group = UsageSummary['total'];

export function GroupTable(props: { summary: UsageSummary; splitName: string; groupName: (g: Group) => string }) {
  const { t, tag } = useI18n();
  const titleId = 'usage-table-title';
  return (
    <Card class="mb-4 overflow-x-auto" data-testid="usage-table">
      <CardTitle id={titleId}>{t('usage.table.title', { split: props.splitName })}</CardTitle>
      <Show when={props.summary.groups.length > 0} fallback={<p class="text-muted">{t('usage.table.empty')}</p>}>
        <table class="w-full border-collapse text-[13px] tabular-nums" aria-labelledby={titleId}>
          <thead>
            <tr class="border-b border-border text-left text-muted">
              <th scope="col" class="py-1.5 pr-3 font-medium">
                {props.splitName}
              </th>
              <For each={HEADERS}>{(h) => <th scope="col" class="px-2 py-1.5 text-right font-medium">{t(`usage.table.${h}`)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.summary.groups}>{(g) => <Row group={g} name={props.groupName(g)} />}</For>
          </tbody>
          <tfoot>
            <Row group={props.summary.total} name={t('usage.table.total')} total />
          </tfoot>
        </table>
      </Show>
    </Card>
  );

  function Row(p: { group: Group; name: string; total?: boolean }) {
    const n = (v: number) => formatNumber(tag(), v);
    const ms = (v: number | null) => (v === null ? '—' : duration(tag(), v));
    const g = () => p.group;
    const cells = () => [
      n(g().requests),
      formatPercent(tag(), g().successRate),
      n(g().tokens.input),
      n(g().tokens.output),
      n(g().tokens.cached),
      n(g().tokens.reasoning),
      usd(tag(), g().costUsd),
      ms(g().latencyP50),
      ms(g().latencyP95),
    ];
    return (
      <tr class={p.total ? 'border-t-2 border-border font-semibold' : 'border-b border-border last:border-b-0'} data-testid={p.total ? 'usage-row-total' : 'usage-row'}>
        <th scope="row" class="max-w-72 truncate py-1.5 pr-3 text-left font-medium" title={p.name}>
          {p.name}
        </th>
        <For each={cells()}>{(c) => <td class="px-2 py-1.5 text-right">{c}</td>}</For>
      </tr>
    );
  }
}

const HEADERS = ['requests', 'success', 'input', 'output', 'cached', 'reasoning', 'cost', 'p50', 'p95'] as const;
