import { Show } from 'solid-js';
import { HealthBadge } from '../../components/health-badge.js';
import { QuotaSummary } from '../../components/quota-summary.js';
import { Badge } from '../../components/ui/badge.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { memberHealth } from '../../lib/member-health.js';
import type { ComboMember, ConnectionView, QuotaStatus, RoutingStatus } from '../../lib/views.js';

export function MemberStatus(props: {
  member: ComboMember;
  connections: readonly ConnectionView[];
  routing: RoutingStatus | undefined;
  quota: QuotaStatus | undefined;
  now: number;
}) {
  const { t } = useI18n();
  const state = () => memberHealth(props.member, props.connections, props.routing, props.quota, props.now);
  return (
    <span class="inline-flex flex-wrap items-center gap-2">
      <Show when={state().health} fallback={<Badge tone="bad">{t('health.noAccount')}</Badge>}>
        {(h) => <HealthBadge health={h()} />}
      </Show>
      <Show when={state().health}>
        <QuotaSummary windows={state().windows} />
      </Show>
    </span>
  );
}
