import { Show, type Accessor } from 'solid-js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { GatewayStatus } from '../../lib/views.js';
import { useDurationText } from '../quota/duration-text.js';

/**
 * Whether the gateway listens, and for how long it has run: the uptime the gateway sent, moved
 * on by the page's clock since it was read, so it ticks without asking again.
 */
export function GatewayCard(props: { status: GatewayStatus; fetchedAt: number; now: Accessor<number> }) {
  const { t } = useI18n();
  const durations = useDurationText();
  const uptime = () => props.status.uptimeMs + Math.max(0, props.now() - props.fetchedAt);
  return (
    <Card aria-labelledby="health-gateway-heading">
      <CardTitle id="health-gateway-heading">{t('healthPage.gatewayTitle')}</CardTitle>
      <dl class="m-0 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div>
          <dt class="text-xs text-muted">{t('healthPage.uptime')}</dt>
          <dd class="m-0 text-lg font-medium tabular-nums" data-testid="uptime">
            {durations.duration(uptime())}
          </dd>
        </div>
        <div>
          <dt class="text-xs text-muted">{t('healthPage.listening')}</dt>
          <dd class="m-0 flex items-center gap-2 font-medium" data-testid="health-listening">
            <Show
              when={props.status.listening}
              fallback={
                <>
                  <span class="h-2 w-2 rounded-full bg-bad" aria-hidden="true" />
                  <span class="text-bad">{t('healthPage.notListening')}</span>
                </>
              }
            >
              {(l) => (
                <>
                  <span class="h-2 w-2 rounded-full bg-ok" aria-hidden="true" />
                  <code class="text-[13px]">{l().url}</code>
                </>
              )}
            </Show>
          </dd>
        </div>
        <div>
          <dt class="text-xs text-muted">{t('healthPage.version')}</dt>
          <dd class="m-0 font-medium tabular-nums">{props.status.version}</dd>
        </div>
      </dl>
    </Card>
  );
}
