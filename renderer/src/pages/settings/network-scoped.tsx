import { Pencil, Plus, X } from 'lucide-solid';
import { For, Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { scopedRows, type ScopedProxyRow } from '../../lib/network.js';
import type { CatalogueEntry, ConnectionView, NetworkView } from '../../lib/views.js';
import { ProxyDialog } from './network-dialog.js';
import { NetworkRow } from './network-frame.js';

/** The per-provider and per-account proxies, by the names the user knows, each with Edit and Clear. */
export function ScopedProxies(props: { view: NetworkView; catalogue: readonly CatalogueEntry[]; connections: readonly ConnectionView[]; onSaved: () => void }) {
  const client = useClient();
  const { t } = useI18n();
  const action = createActions({ errorsInline: true });
  const [dialogOpen, setDialogOpen] = createSignal(false);
  const [editing, setEditing] = createSignal<ScopedProxyRow | null>(null);
  const rows = () => scopedRows(props.view, props.catalogue, props.connections);
  const nameOf = (row: ScopedProxyRow) => row.name ?? t('network.scoped.gone', { id: row.id });

  const open = (row: ScopedProxyRow | null) => {
    setEditing(row);
    setDialogOpen(true);
  };
  const clear = async (row: ScopedProxyRow) => {
    const cleared = await action.run(
      () => client.call('network.setProxy', { scope: { kind: row.kind, id: row.id }, url: null }),
      t('network.scoped.cleared', { name: nameOf(row) }),
    );
    if (cleared) props.onSaved();
  };

  return (
    <NetworkRow title={t('network.scoped.title')} help={t('network.scoped.help')} testId="network-scoped">
      <Show when={rows().length > 0} fallback={<p class="text-[13px] text-muted" data-testid="network-scoped-none">{t('network.scoped.none')}</p>}>
        <ul class="m-0 flex list-none flex-col gap-2 p-0">
          <For each={rows()}>
            {(row) => (
              <li class="flex flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md border border-border px-3 py-2" data-testid="network-scoped-row" data-kind={row.kind} data-id={row.id}>
                <div class="flex min-w-0 flex-1 flex-col gap-0.5">
                  <div class="flex flex-wrap items-center gap-2">
                    <Badge>{t(`network.scoped.kinds.${row.kind}`)}</Badge>
                    <span class="font-medium" data-testid="network-scoped-name">
                      {nameOf(row)}
                    </span>
                    <Show when={row.detail}>{(detail) => <span class="text-xs text-muted">{detail()}</span>}</Show>
                  </div>
                  <code class="break-all text-xs" data-testid="network-scoped-url">
                    {row.url}
                  </code>
                </div>
                <div class="flex shrink-0 gap-1.5">
                  <Button size="sm" aria-label={t('network.scoped.editLabel', { name: nameOf(row) })} onClick={() => open(row)} data-testid="network-scoped-edit">
                    <Pencil size={13} />
                    {t('network.scoped.edit')}
                  </Button>
                  <Button size="sm" variant="danger" aria-label={t('network.scoped.clearLabel', { name: nameOf(row) })} onClick={() => void clear(row)} disabled={action.busy()} data-testid="network-scoped-clear">
                    <X size={13} />
                    {t('network.scoped.clear')}
                  </Button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={action.error()}>
        {(message) => (
          <p role="alert" class="text-xs text-bad" data-testid="network-scoped-error">
            {message()}
          </p>
        )}
      </Show>
      <div>
        <Button size="sm" onClick={() => open(null)} data-testid="network-scoped-add">
          <Plus size={13} />
          {t('network.scoped.add')}
        </Button>
      </div>
      <ProxyDialog
        open={dialogOpen()}
        onOpenChange={setDialogOpen}
        editing={editing()}
        view={props.view}
        catalogue={props.catalogue}
        connections={props.connections}
        onSaved={props.onSaved}
      />
    </NetworkRow>
  );
}
