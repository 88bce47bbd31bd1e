import { Plus } from 'lucide-solid';
import { For, Show } from 'solid-js';
import { useClient } from '../client-context.js';
import { Button } from '../components/ui/button.js';
import { Card } from '../components/ui/card.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createEditor } from '../lib/editor.js';
import { createLoader, createNow } from '../lib/loader.js';
import type { ComboView } from '../lib/views.js';
import { ComboCard } from './combos/combo-card.js';
import { ComboFormDialog } from './combos/combo-form-dialog.js';

export function CombosPage() {
  const client = useClient();
  const { t } = useI18n();
  const now = createNow();
  const data = createLoader(
    async () => {
      const [combos, catalogue, connections, routing, quota, settings] = await Promise.all([
        client.call('combos.list', {}),
        client.call('providers.catalogue', {}),
        client.call('connections.list', {}),
        client.call('routing.status', {}),
        client.call('quota.status', {}),
        client.call('settings.get', {}).catch(() => null),
      ]);
      return { combos, catalogue, connections, routing, quota, configPath: settings?.configPath ?? null };
    },
    { live: true },
  );
  const form = createEditor<ComboView>();
  const refetch = () => void data.refetch();

  return (
    <>
      <PageHeader
        title={t('combos.title')}
        description={t('combos.description')}
        actions={
          <Button variant="primary" onClick={() => form.edit()} data-testid="new-combo">
            <Plus size={14} />
            {t('combos.create')}
          </Button>
        }
      />
      <ErrorBanner message={data.error()} onRetry={refetch} />
      <Loaded loader={data}>
        {(d) => (
          <div class="flex flex-col gap-4">
            <Show when={d().combos.length === 0}>
              <Card>
                <p class="text-muted">{t('combos.empty')}</p>
              </Card>
            </Show>
            <For each={d().combos}>
              {(combo) => (
                <ComboCard
                  combo={combo}
                  connections={d().connections}
                  routing={d().routing}
                  quota={d().quota}
                  configPath={d().configPath}
                  now={now()}
                  onEdit={() => form.edit(combo)}
                  onChanged={refetch}
                />
              )}
            </For>
            <ComboFormDialog
              open={form.open()}
              onOpenChange={form.setOpen}
              existing={form.editing()}
              catalogue={d().catalogue}
              connections={d().connections}
              onSaved={refetch}
            />
          </div>
        )}
      </Loaded>
    </>
  );
}
