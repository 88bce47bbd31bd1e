import { useI18n } from '../i18n/i18n-context.js';
import type { AccountHealth } from '../lib/account-health.js';
import { formatTime } from '../lib/format.js';
import { Badge, type BadgeTone } from './ui/badge.js';

const TONE: Record<AccountHealth['kind'], BadgeTone> = {
  healthy: 'ok',
  cooling: 'warn',
  'breaker-open': 'bad',
  'quota-spent': 'warn',
  'key-rejected': 'bad',
  disabled: 'neutral',
};

export function useHealthText() {
  const { t, tag } = useI18n();
  return (h: AccountHealth): string => {
    switch (h.kind) {
      case 'healthy':
        return t('health.healthy');
      case 'disabled':
        return t('health.disabled');
      case 'key-rejected':
        return t('health.keyRejected', { status: h.status });
      case 'quota-spent':
        return h.until ? t('health.quotaSpentUntil', { time: formatTime(tag(), h.until) }) : t('health.quotaSpent');
      case 'breaker-open':
        return h.until ? t('health.breakerOpenUntil', { time: formatTime(tag(), h.until) }) : t('health.breakerOpen');
      case 'cooling':
        return t('health.coolingUntil', { time: formatTime(tag(), h.until) });
    }
  };
}

export function HealthBadge(props: { health: AccountHealth }) {
  const text = useHealthText();
  const { t } = useI18n();
  const extra = () => (props.health.kind === 'healthy' && props.health.coolingModels.length > 0 ? props.health.coolingModels : null);
  return (
    <span class="inline-flex flex-wrap items-center gap-1">
      <Badge tone={TONE[props.health.kind]} testId="health" >
        <span data-health={props.health.kind}>{text(props.health)}</span>
      </Badge>
      {extra() && (
        <Badge tone="warn" title={extra()!.join(', ')}>
          {t('health.modelsCooling', { count: extra()!.length })}
        </Badge>
      )}
    </span>
  );
}
