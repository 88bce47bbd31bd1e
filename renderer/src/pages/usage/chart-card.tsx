/**
 * One chart with what makes it readable without seeing it: a title, a legend in text, a
 * one-line summary (its peak) the chart is described by, and the values under the pointer.
 */
import { For, Show, createSignal } from 'solid-js';
import { LineChart } from '../../components/chart/line-chart.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { bucketLabel, formatValue, tickLabel, type ValueKind } from '../../lib/usage-format.js';
import type { UsageBucket } from '../../lib/usage-range.js';
import { drawnValues, peakOf, type ChartModel } from '../../lib/usage-series.js';

export function ChartCard(props: { id: string; title: string; model: ChartModel; kind: ValueKind; bucket: UsageBucket; note?: string }) {
  const { t, tag } = useI18n();
  const [cursor, setCursor] = createSignal<number | null>(null);
  const value = (v: number) => formatValue(tag(), props.kind, v);
  const when = (x: number) => bucketLabel(tag(), props.bucket, x);
  // The busiest line's peak: the total where there is one, else whichever line peaks highest.
  const summary = () => {
    const peaks = props.model.lines.map((line, i) => ({ line, peak: peakOf(props.model, i) }));
    const best = peaks.reduce<(typeof peaks)[number] | null>((a, b) => (b.peak !== null && (a?.peak == null || b.peak.value > a.peak.value) ? b : a), null);
    if (best?.peak == null || drawnValues(props.model) === 0) return t('usage.charts.nothing');
    return t('usage.charts.peak', { value: value(best.peak.value), line: best.line.label, when: when(best.peak.at) });
  };
  const readout = () => {
    const i = cursor();
    const x = i === null ? undefined : props.model.xs[i];
    if (i === null || x === undefined) return null;
    return {
      when: t('usage.charts.at', { when: when(x) }),
      values: props.model.lines.map((l) => ({ label: l.label, value: l.values[i] ?? null })),
    };
  };
  return (
    <Card data-testid={`usage-chart-${props.id}`}>
      <CardTitle id={`usage-chart-${props.id}-title`}>{props.title}</CardTitle>
      <ul class="mb-2 flex list-none flex-wrap gap-x-4 gap-y-1 p-0 text-[13px]" aria-label={t('usage.charts.legend')}>
        <For each={props.model.lines}>
          {(line) => (
            <li class="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                class="inline-block w-4 border-t-[3px]"
                style={{ 'border-color': `var(${line.color})`, 'border-top-style': line.dashed ? 'dashed' : 'solid' }}
              />
              <span>{line.label}</span>
            </li>
          )}
        </For>
      </ul>
      <LineChart
        label={t('usage.charts.label', { title: props.title })}
        describedBy={`usage-chart-${props.id}-summary`}
        model={props.model}
        tickLabel={(x, first) => tickLabel(tag(), props.bucket, x, first)}
        valueLabel={value}
        onCursor={setCursor}
        testId={`usage-canvas-${props.id}`}
      />
      <p id={`usage-chart-${props.id}-summary`} class="mt-2 text-[13px]" data-testid={`usage-chart-${props.id}-summary`}>
        {summary()}
        <Show when={props.note}>{(note) => <span class="text-muted"> {note()}</span>}</Show>
      </p>
      {/* Reserved height, so moving the pointer over the chart does not shift the page. */}
      <p class="min-h-5 text-xs text-muted tabular-nums">
        <Show when={readout()}>
          {(r) => (
            <>
              {r().when}{' '}
              <For each={r().values}>
                {(v, i) => (
                  <>
                    {i() > 0 ? ' · ' : ''}
                    {v.label} {v.value === null ? '—' : value(v.value)}
                  </>
                )}
              </For>
            </>
          )}
        </Show>
      </p>
    </Card>
  );
}
