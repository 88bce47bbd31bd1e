import type { Accessor } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../../lib/format.js';
import { useDurationText } from './duration-text.js';

/**
 * When a window or budget refills, counting down with the page's one clock: each tick only
 * re-renders this text, it loads nothing. The exact time is in the tooltip.
 */
export function ResetCountdown(props: { resetAt: number | null; now: Accessor<number> }) {
  const { t, tag } = useI18n();
  const durations = useDurationText();
  const text = () => {
    if (props.resetAt === null) return t('quota.noReset');
    if (props.resetAt <= props.now()) return t('quota.resettingNow');
    return t('quota.resetsIn', { countdown: durations.until(props.resetAt, props.now()) });
  };
  return (
    <span
      class="text-xs text-muted tabular-nums"
      data-testid="quota-countdown"
      title={props.resetAt !== null ? t('quota.resetsAt', { time: formatDateTime(tag(), props.resetAt) }) : undefined}
    >
      {text()}
    </span>
  );
}
