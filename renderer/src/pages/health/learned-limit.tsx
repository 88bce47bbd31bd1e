import type { Accessor } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatNumber, formatRelative } from '../../lib/format.js';
import type { LearnedLimit } from '../../lib/health-view.js';
import { useDurationText } from '../quota/duration-text.js';

/** What the provider's rate-limit headers last said about an account. */
export function LearnedLimitLine(props: { limit: LearnedLimit; now: Accessor<number> }) {
  const { t, tag } = useI18n();
  const durations = useDurationText();
  const parts = (l: LearnedLimit): string[] => {
    const out: string[] = [];
    const n = (v: number) => formatNumber(tag(), v);
    if (l.requestsLimit !== undefined && l.requestsRemaining !== undefined) {
      out.push(t('healthPage.limitRequests', { remaining: n(l.requestsRemaining), limit: n(l.requestsLimit) }));
    }
    if (l.tokensLimit !== undefined && l.tokensRemaining !== undefined) {
      out.push(t('healthPage.limitTokens', { remaining: n(l.tokensRemaining), limit: n(l.tokensLimit) }));
    }
    if (l.resetAt !== undefined && l.resetAt > props.now()) out.push(t('healthPage.limitResets', { countdown: durations.until(l.resetAt, props.now()) }));
    out.push(t('healthPage.limitLearned', { time: formatRelative(tag(), l.at, props.now()) }));
    return out;
  };
  return (
    <p class="m-0 text-xs text-muted tabular-nums" data-testid="learned-limit">
      <span class="font-medium">{t('healthPage.limitsTitle')}</span>
      {t('common.colon')}
      {parts(props.limit).join(' · ')}
    </p>
  );
}
