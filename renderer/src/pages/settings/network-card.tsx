import { useClient } from '../../client-context.js';
import { Card } from '../../components/ui/card.js';
import { ErrorBanner } from '../../components/ui/error-banner.js';
import { Loaded } from '../../components/ui/loaded.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createLoader } from '../../lib/loader.js';
import { GlobalProxy } from './network-global.js';
import { NoProxy } from './network-no-proxy.js';
import { ScopedProxies } from './network-scoped.js';

/**
 * The outbound proxy: global, the hosts that go direct, and per provider or account. Each part
 * saves on its own and at once (the gateway reloads routing), apart from the page's save bar.
 */
export function NetworkCard() {
  const client = useClient();
  const { t } = useI18n();
  const data = createLoader(async () => {
    const [view, catalogue, connections] = await Promise.all([
      client.call('network.get', {}),
      client.call('providers.catalogue', {}),
      client.call('connections.list', {}),
    ]);
    return { view, catalogue, connections };
  });
  const reload = () => void data.refetch();

  return (
    <Card aria-labelledby="settings-network" data-testid="network-card">
      <h2 id="settings-network" class="text-[15px] font-semibold">
        {t('network.title')}
      </h2>
      <p class="mt-1 text-xs text-muted">{t('network.help')}</p>
      <div class="mt-3">
        <ErrorBanner message={data.error()} onRetry={reload} />
      </div>
      <Loaded loader={data}>
        {(d) => (
          <div>
            <GlobalProxy view={d().view} onSaved={reload} />
            <NoProxy view={d().view} onSaved={reload} />
            <ScopedProxies view={d().view} catalogue={d().catalogue} connections={d().connections} onSaved={reload} />
          </div>
        )}
      </Loaded>
    </Card>
  );
}
