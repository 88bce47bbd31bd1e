import { Calculator, FileText, Server } from 'lucide-solid';
import { Show, type Accessor, type JSX } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatRelative } from '../../lib/format.js';
import { barTone, formatAmount, usedShare } from '../../lib/quota-window.js';
import type { QuotaWindowStatus } from '../../lib/views.js';
import { ProgressBar } from './progress-bar.js';
import { ResetCountdown } from './reset-countdown.js';
import { useWindowText } from './window-label.js';

const SOURCE_ICON: Record<QuotaWindowStatus['source'], () => JSX.Element> = {
  endpoint: () => <Server size={12} />,
  headers: () => <FileText size={12} />,
  config: () => <Calculator size={12} />,
};

/** One quota window: its name, where the figures come from, a bar of what is used, and the countdown to its refill. */
export function WindowRow(props: { window: QuotaWindowStatus; now: Accessor<number> }) {
  const { t, tag } = useI18n();
  const text = useWindowText();
  const w = () => props.window;
  const share = () => usedShare(w());
  // Counts carry their unit ("20 requests"); money is its own unit ("$10.00").
  const amount = (n: number): string => {
    const unit = w().unit;
    const figure = formatAmount(tag(), unit, n);
    if (unit === 'tokens') return t('quota.units.tokens', { n: figure });
    if (unit === 'requests') return t('quota.units.requests', { n: figure });
    return figure;
  };
  const usedText = (): string | null => {
    const { used, limit } = w();
    if (limit === null) return null;
    return t('quota.usedOf', { used: formatAmount(tag(), w().unit, used ?? limit - w().remaining), limit: amount(limit) });
  };
  const leftText = () => t('quota.left', { amount: amount(w().remaining) });

  return (
    <li class="flex flex-col gap-1.5 py-2.5" data-testid="quota-window" data-window={w().window} data-source={w().source}>
      <div class="flex flex-wrap items-center gap-2">
        <span class="font-medium">{text.name(w().window)}</span>
        <Badge title={text.sourceHint(w().source)} testId="quota-source">
          <span aria-hidden="true" class="inline-flex">
            {SOURCE_ICON[w().source]()}
          </span>
          {text.source(w().source)}
        </Badge>
        <Show when={w().exhausted}>
          <Badge tone="bad">{t('quota.spent')}</Badge>
        </Show>
        <span class="ml-auto">
          <ResetCountdown resetAt={w().resetAt} now={props.now} />
        </span>
      </div>
      <Show when={share() !== null}>
        <ProgressBar
          share={share() ?? 0}
          tone={barTone(share() ?? 0, w().exhausted)}
          label={t('quota.barLabel', { window: text.name(w().window), source: text.source(w().source) })}
          valueText={usedText() ?? leftText()}
          testId="quota-bar"
        />
      </Show>
      <div class="flex flex-wrap items-center justify-between gap-x-3 text-xs text-muted tabular-nums">
        <span data-testid="quota-figures">{usedText() ? `${usedText()} · ${leftText()}` : leftText()}</span>
        <Show when={w().at}>{(at) => <span>{t('quota.reportedAt', { time: formatRelative(tag(), at(), props.now()) })}</span>}</Show>
      </div>
    </li>
  );
}
