import type { BarTone } from '../../lib/quota-window.js';
import { percentOf } from '../../lib/quota-window.js';

const FILL: Record<BarTone, string> = { ok: 'bg-ok', warn: 'bg-warn', bad: 'bg-bad' };

/**
 * A used share as a bar screen readers announce: its name, the percent, and the figures in
 * words (aria-valuetext), since "25 %" alone does not say of what.
 */
export function ProgressBar(props: { share: number; tone: BarTone; label: string; valueText: string; testId?: string }) {
  // A sliver stays visible for a little use, so "some" never looks like "none".
  const width = () => (props.share <= 0 ? '0%' : `${Math.max(2, Math.min(100, props.share * 100))}%`);
  return (
    <div
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percentOf(props.share)}
      aria-valuetext={props.valueText}
      data-testid={props.testId}
      data-tone={props.tone}
      class="h-2 w-full overflow-hidden rounded-full border border-border bg-surface-2"
    >
      <div class={`h-full rounded-full ${FILL[props.tone]}`} style={{ width: width() }} />
    </div>
  );
}
