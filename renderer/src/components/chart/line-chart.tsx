/**
 * A time-series line chart over uPlot: created on mount, fed with setData when the model's
 * values change (recreated only when its lines change), sized to its container, destroyed on
 * cleanup. Every colour is a CSS custom property read when uPlot draws, and a theme switch
 * triggers a redraw, so the canvas follows the theme like the rest of the page.
 */
import { createEffect, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { drawnValues, thinTicks, type ChartModel } from '../../lib/usage-series.js';

export interface LineChartProps {
  /** The accessible name; the canvas itself says nothing to a screen reader. */
  label: string;
  /** The id of the text that sums the chart up. */
  describedBy?: string;
  model: ChartModel;
  height?: number;
  tickLabel: (x: number, first: boolean) => string;
  valueLabel: (v: number) => string;
  /** The bucket under the pointer, or null when it leaves the chart. */
  onCursor?: (index: number | null) => void;
  testId?: string;
}

const MAX_TICKS = 8;

/** What forces a new uPlot rather than setData: the lines themselves. */
function shapeOf(model: ChartModel): string {
  return JSON.stringify(model.lines.map((l) => [l.label, l.color, l.dashed ?? false]));
}

function dataOf(model: ChartModel): uPlot.AlignedData {
  return [model.xs, ...model.lines.map((l) => l.values)];
}

export function LineChart(props: LineChartProps) {
  let host!: HTMLDivElement;
  let chart: uPlot | undefined;
  let shape = '';
  const height = () => props.height ?? 220;
  const cssVar = (name: string) => getComputedStyle(host).getPropertyValue(name).trim();

  function options(model: ChartModel): uPlot.Options {
    const font = `12px ${getComputedStyle(host).fontFamily}`;
    const axisColour = () => cssVar('--muted');
    const gridColour = () => cssVar('--border');
    return {
      width: Math.max(host.clientWidth, 200),
      height: height(),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        {},
        ...model.lines.map((l) => ({
          label: l.label,
          stroke: () => cssVar(l.color),
          width: 2,
          ...(l.dashed ? { dash: [6, 4] } : {}),
          points: { show: (u: uPlot) => (u.data[0]?.length ?? 0) < 3 },
        })),
      ],
      axes: [
        {
          font,
          stroke: axisColour,
          grid: { stroke: gridColour, width: 1 },
          ticks: { stroke: gridColour, width: 1 },
          splits: () => thinTicks(props.model.xs, MAX_TICKS),
          values: (_u, splits) => splits.map((x, i) => props.tickLabel(x, i === 0)),
        },
        {
          font,
          stroke: axisColour,
          grid: { stroke: gridColour, width: 1 },
          ticks: { stroke: gridColour, width: 1 },
          values: (_u, splits) => splits.map((v) => props.valueLabel(v)),
          // Wide enough for the longest label (a dollar amount with five decimals).
          size: (u, values) => {
            const ctx = u.ctx;
            ctx.font = font;
            return Math.ceil(Math.max(40, ...(values ?? []).map((v) => ctx.measureText(v).width)) + 18);
          },
        },
      ],
      hooks: { setCursor: [(u) => props.onCursor?.(u.cursor.idx ?? null)] },
    };
  }

  onMount(() => {
    createEffect(() => {
      const model = props.model;
      const next = shapeOf(model);
      if (chart !== undefined && next === shape) {
        chart.setData(dataOf(model));
        return;
      }
      chart?.destroy();
      shape = next;
      chart = new uPlot(options(model), dataOf(model), host);
    });

    const resize = new ResizeObserver(() => {
      if (chart !== undefined && host.clientWidth > 0 && chart.width !== host.clientWidth) chart.setSize({ width: host.clientWidth, height: height() });
    });
    resize.observe(host);
    const theme = new MutationObserver(() => chart?.redraw(false, true));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    onCleanup(() => {
      resize.disconnect();
      theme.disconnect();
      chart?.destroy();
      chart = undefined;
    });
  });

  return (
    <div
      ref={host}
      role="img"
      aria-label={props.label}
      aria-describedby={props.describedBy}
      data-testid={props.testId}
      data-drawn-values={drawnValues(props.model)}
      class="w-full min-w-0"
      style={{ 'min-height': `${height()}px` }}
      onMouseLeave={() => props.onCursor?.(null)}
    />
  );
}
