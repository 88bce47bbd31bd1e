import { Show, type Accessor } from 'solid-js';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { useI18n, type TranslationKey } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../../lib/format.js';
import type { ScopeState } from '../../lib/health-view.js';
import { useDurationText } from '../quota/duration-text.js';

const TONE: Record<ScopeState['kind'], BadgeTone> = {
  healthy: 'ok',
  cooling: 'warn',
  'breaker-half-open': 'warn',
  'breaker-open': 'bad',
  'key-rejected': 'bad',
};

type ReasonKey = Extract<TranslationKey, `healthPage.reasons.${string}`>;
const REASONS: Record<string, ReasonKey | undefined> = {
  rate_limited: 'healthPage.reasons.rate_limited',
  quota_exhausted: 'healthPage.reasons.quota_exhausted',
  overloaded: 'healthPage.reasons.overloaded',
  upstream_error: 'healthPage.reasons.upstream_error',
  timeout: 'healthPage.reasons.timeout',
  connection_failed: 'healthPage.reasons.connection_failed',
  authentication_failed: 'healthPage.reasons.authentication_failed',
  permission_denied: 'healthPage.reasons.permission_denied',
  bad_request: 'healthPage.reasons.bad_request',
  not_found: 'healthPage.reasons.not_found',
  request_too_large: 'healthPage.reasons.request_too_large',
  stream_interrupted: 'healthPage.reasons.stream_interrupted',
};

/** A failure code in words; a code this page does not know yet is shown as sent. */
export function useReasonText() {
  const { t } = useI18n();
  return (code: string): string => {
    const key = REASONS[code];
    return key ? t(key) : code;
  };
}

/**
 * A scope's state as a badge, and what the state waits for next to it (the breaker's trial,
 * the cooldown's end), counting down with the page's clock.
 */
export function StateBadge(props: { state: ScopeState; disabled?: boolean; now: Accessor<number>; testId: string }) {
  const { t, tag } = useI18n();
  const durations = useDurationText();
  const reason = useReasonText();
  const label = (): string => {
    if (props.disabled) return t('healthPage.states.disabled');
    const s = props.state;
    switch (s.kind) {
      case 'healthy':
        return t('healthPage.states.healthy');
      case 'breaker-open':
        return t('healthPage.states.breakerOpen');
      case 'breaker-half-open':
        return t('healthPage.states.breakerHalfOpen');
      case 'cooling':
        return t('healthPage.states.cooling');
      case 'key-rejected':
        return t('healthPage.states.keyRejected', { status: s.status });
    }
  };
  const detail = (): string | null => {
    const s = props.state;
    switch (s.kind) {
      case 'breaker-open':
        return t('healthPage.trialIn', { countdown: durations.until(s.reopensAt, props.now()) });
      case 'cooling': {
        const parts = [t('healthPage.coolingFor', { reason: reason(s.reason), countdown: durations.until(s.until, props.now()) })];
        if (s.strikes > 1) parts.push(t('healthPage.strikes', { count: s.strikes }));
        if (s.probing) parts.push(t('healthPage.probing'));
        return parts.join(' · ');
      }
      case 'key-rejected':
        return t('healthPage.refusedSince', { time: formatDateTime(tag(), s.since) });
      case 'healthy':
        return s.failures > 0 ? t('healthPage.recentFailures', { count: s.failures }) : null;
      case 'breaker-half-open':
        return null;
    }
  };
  return (
    <span class="inline-flex flex-wrap items-center gap-2">
      <Badge tone={props.disabled ? 'neutral' : TONE[props.state.kind]} testId={props.testId}>
        <span data-state={props.disabled ? 'disabled' : props.state.kind}>{label()}</span>
      </Badge>
      <Show when={detail()}>{(d) => <span class="text-xs text-muted tabular-nums">{d()}</span>}</Show>
    </span>
  );
}
