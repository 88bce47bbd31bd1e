import { Plus } from 'lucide-solid';
import { For, Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../client-context.js';
import { AccountDialog } from '../components/account-dialog.js';
import { CustomProviderDialog } from '../components/custom-provider-dialog.js';
import { LocalServers } from '../components/local-servers.js';
import { useTierName } from '../components/tier-name.js';
import { Button } from '../components/ui/button.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { SearchBox } from '../components/ui/search-box.js';
import { useI18n } from '../i18n/i18n-context.js';
import { groupByTier, matchesQuery } from '../lib/catalogue.js';
import { createEditor } from '../lib/editor.js';
import { createLoader, createNow } from '../lib/loader.js';
import type { CatalogueEntry, ConnectionView } from '../lib/views.js';
import { CatalogueCard } from './providers/catalogue-card.js';
import { ProviderSection } from './providers/provider-section.js';

export function ProvidersPage() {
  const client = useClient();
  const { t } = useI18n();
  const tierName = useTierName();
  const now = createNow();
  const data = createLoader(
    async () => {
      const [catalogue, connections, routing, quota, settings, local] = await Promise.all([
        client.call('providers.catalogue', {}),
        client.call('connections.list', {}),
        client.call('routing.status', {}),
        client.call('quota.status', {}),
        // Only for the config file's path in read-only notes; the page works without it.
        client.call('settings.get', {}).catch(() => null),
        // The last detection (the gateway's own at start); "Detect again" probes anew.
        client.call('local.detect', { cached: true }).catch(() => undefined),
      ]);
      return { catalogue, connections, routing, quota, configPath: settings?.configPath ?? null, local };
    },
    { live: true },
  );
  const [query, setQuery] = createSignal('');
  const [accountFor, setAccountFor] = createSignal<{ provider: CatalogueEntry; existing?: ConnectionView } | null>(null);
  const custom = createEditor<CatalogueEntry>();

  const visible = createMemo(() => (data.data()?.catalogue ?? []).filter((e) => matchesQuery(e, query())));
  const accountsOf = (id: string) => (data.data()?.connections ?? []).filter((c) => c.provider === id);
  const isOwn = (e: CatalogueEntry) => accountsOf(e.id).length > 0 || e.source === 'user';
  const own = createMemo(() => visible().filter(isOwn));
  const rest = createMemo(() => groupByTier(visible().filter((e) => !isOwn(e))));
  const refetch = () => void data.refetch();

  return (
    <>
      <PageHeader
        title={t('providers.title')}
        description={t('providers.description')}
        actions={
          <Button onClick={() => custom.edit()} data-testid="add-custom-provider">
            <Plus size={14} />
            {t('providers.addCustom')}
          </Button>
        }
      />
      <ErrorBanner message={data.error()} onRetry={refetch} />
      <div class="mb-4">
        <SearchBox value={query()} onInput={setQuery} label={t('providers.search')} placeholder={t('providers.searchPlaceholder')} />
      </div>
      <Loaded loader={data}>
        {(d) => (
          <div class="flex flex-col gap-6">
            <LocalServers detection={d().local} heading={t('local.title')} help={t('local.help')} onAdded={() => undefined} onChanged={refetch} />
            <Show when={visible().length === 0}>
              <p class="text-muted">{t('providers.noMatch', { query: query() })}</p>
            </Show>
            <Show when={own().length > 0}>
              <section class="flex flex-col gap-3" aria-labelledby="own-providers">
                <h2 id="own-providers" class="text-xs font-semibold uppercase tracking-wide text-muted">
                  {t('providers.connected')}
                </h2>
                <For each={own()}>
                  {(entry) => (
                    <ProviderSection
                      entry={entry}
                      accounts={accountsOf(entry.id)}
                      routing={d().routing}
                      quota={d().quota}
                      configPath={d().configPath}
                      now={now()}
                      onAddAccount={() => setAccountFor({ provider: entry })}
                      onEditAccount={(c) => setAccountFor({ provider: entry, existing: c })}
                      onEditProvider={() => custom.edit(entry)}
                      onChanged={refetch}
                    />
                  )}
                </For>
              </section>
            </Show>
            <Show when={rest().length > 0}>
              <section class="flex flex-col gap-4" aria-labelledby="catalogue-heading">
                <h2 id="catalogue-heading" class="text-xs font-semibold uppercase tracking-wide text-muted">
                  {t('providers.catalogue')}
                </h2>
                <For each={rest()}>
                  {(group) => (
                    <div>
                      <h3 class="mb-2 text-[13px] font-semibold">{tierName(group.tier)}</h3>
                      <ul class="m-0 grid list-none grid-cols-1 gap-2 p-0 sm:grid-cols-2 lg:grid-cols-3">
                        <For each={group.entries}>{(entry) => <CatalogueCard entry={entry} onAddAccount={() => setAccountFor({ provider: entry })} />}</For>
                      </ul>
                    </div>
                  )}
                </For>
              </section>
            </Show>
          </div>
        )}
      </Loaded>
      <Show when={accountFor()}>
        {(target) => (
          <AccountDialog
            open={true}
            onOpenChange={(open) => !open && setAccountFor(null)}
            provider={target().provider}
            existing={target().existing}
            onSaved={refetch}
          />
        )}
      </Show>
      <CustomProviderDialog open={custom.open()} onOpenChange={custom.setOpen} existing={custom.editing()} onSaved={refetch} />
    </>
  );
}
