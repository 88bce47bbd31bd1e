import { For, Show, createMemo, createSignal } from 'solid-js';
import type { CatalogueEntry } from '../lib/views.js';
import { useI18n } from '../i18n/i18n-context.js';
import { groupByTier, matchesQuery } from '../lib/catalogue.js';
import { useModelCount } from './model-count.js';
import { ProviderLinks } from './provider-links.js';
import { useTierName } from './tier-name.js';
import { Button } from './ui/button.js';
import { SearchBox } from './ui/search-box.js';

/** The catalogue as a searchable, tier-grouped list to choose one provider from. */
export function ProviderPicker(props: { entries: readonly CatalogueEntry[]; selected: string | null; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const tierName = useTierName();
  const modelCount = useModelCount();
  const [query, setQuery] = createSignal('');
  const groups = createMemo(() => groupByTier(props.entries.filter((e) => matchesQuery(e, query()))));
  return (
    <div class="flex flex-col gap-4">
      <SearchBox value={query()} onInput={setQuery} label={t('providers.search')} placeholder={t('providers.searchPlaceholder')} />
      <Show when={groups().length > 0} fallback={<p class="text-muted">{t('providers.noMatch', { query: query() })}</p>}>
        <For each={groups()}>
          {(group) => (
            <section>
              <h3 class="mb-2 text-xs font-semibold uppercase tracking-wide text-muted">{tierName(group.tier)}</h3>
              <ul class="m-0 grid list-none grid-cols-1 gap-2 p-0 sm:grid-cols-2 lg:grid-cols-3">
                <For each={group.entries}>
                  {(entry) => {
                    const chosen = () => props.selected === entry.id;
                    return (
                      <li
                        class="flex flex-col gap-1.5 rounded-md border bg-surface p-3"
                        classList={{ 'border-accent ring-1 ring-accent': chosen(), 'border-border': !chosen() }}
                        data-testid="catalogue-item"
                        data-provider-id={entry.id}
                      >
                        <div class="flex items-start justify-between gap-2">
                          <div class="min-w-0">
                            <div class="truncate font-medium">{entry.name}</div>
                            <div class="truncate text-xs text-muted">
                              <code>{entry.id}</code> · {modelCount(entry.models.length)}
                            </div>
                          </div>
                          <Button
                            size="sm"
                            variant={chosen() ? 'primary' : 'secondary'}
                            aria-pressed={chosen()}
                            aria-label={`${t('onboarding.provider.choose')} ${entry.name}`}
                            onClick={() => props.onPick(entry.id)}
                            data-testid="pick-provider"
                          >
                            {chosen() ? t('onboarding.provider.chosen') : t('onboarding.provider.choose')}
                          </Button>
                        </div>
                        <ProviderLinks entry={entry} />
                      </li>
                    );
                  }}
                </For>
              </ul>
            </section>
          )}
        </For>
      </Show>
    </div>
  );
}
