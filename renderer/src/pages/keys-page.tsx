import { Plus } from 'lucide-solid';
import { For, Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../client-context.js';
import { Button } from '../components/ui/button.js';
import { Card } from '../components/ui/card.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createEditor } from '../lib/editor.js';
import { createLoader, createNow } from '../lib/loader.js';
import type { GatewayKeyView } from '../lib/views.js';
import { IssuedKeyDialog } from './keys/issued-key-dialog.js';
import { KeyFormDialog } from './keys/key-form-dialog.js';
import { KeyRow } from './keys/key-row.js';

export function KeysPage() {
  const client = useClient();
  const { t } = useI18n();
  const now = createNow(60_000);
  const data = createLoader(async () => {
    const [keys, combos, catalogue] = await Promise.all([
      client.call('keys.list', {}),
      // Scope ideas are extras: the list works without them.
      client.call('combos.list', {}).catch(() => []),
      client.call('providers.catalogue', {}).catch(() => []),
    ]);
    const suggestions = [...combos.map((c) => c.name), ...catalogue.filter((e) => e.connectionCount > 0).map((e) => `${e.id}/*`)];
    return { keys, suggestions };
  });
  const form = createEditor<GatewayKeyView>();
  const [issued, setIssued] = createSignal<{ key: string; title: string } | null>(null);
  // Active keys first, newest first; revoked ones after.
  const sorted = createMemo(() =>
    [...(data.data()?.keys ?? [])].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt - a.createdAt),
  );
  const refetch = () => void data.refetch();

  return (
    <>
      <PageHeader
        title={t('keys.title')}
        description={t('keys.description')}
        actions={
          <Button variant="primary" onClick={() => form.edit()} data-testid="new-key">
            <Plus size={14} />
            {t('keys.create')}
          </Button>
        }
      />
      <ErrorBanner message={data.error()} onRetry={refetch} />
      <Loaded loader={data}>
        {(_d) => (
          <Show
            when={sorted().length > 0}
            fallback={
              <Card>
                <p class="text-muted">{t('keys.empty')}</p>
              </Card>
            }
          >
            <Card class="!p-0">
              <ul class="m-0 list-none p-0" data-testid="key-list">
                <For each={sorted()}>
                  {(view) => (
                    <KeyRow
                      view={view}
                      now={now()}
                      onEdit={() => form.edit(view)}
                      onRotated={(key) => setIssued({ key, title: t('keys.rotatedTitle', { label: view.label }) })}
                      onChanged={refetch}
                    />
                  )}
                </For>
              </ul>
            </Card>
          </Show>
        )}
      </Loaded>
      <KeyFormDialog
        open={form.open()}
        onOpenChange={form.setOpen}
        existing={form.editing()}
        suggestions={data.data()?.suggestions ?? []}
        onIssued={(key, label) => {
          setIssued({ key, title: t('keys.createdTitle', { label }) });
          refetch();
        }}
        onSaved={refetch}
      />
      <IssuedKeyDialog issued={issued()} onClose={() => setIssued(null)} />
    </>
  );
}
