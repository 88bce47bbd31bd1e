import { Plus, RefreshCw } from 'lucide-solid';
import { Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { EditDeleteButtons } from '../../components/edit-delete-buttons.js';
import { ProviderLinks } from '../../components/provider-links.js';
import { useModelCount } from '../../components/model-count.js';
import { ReadOnlyNote } from '../../components/read-only-note.js';
import { useTierBadge } from '../../components/tier-name.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { ReorderList } from '../../components/ui/reorder-list.js';
import { notify } from '../../components/ui/toast.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { formatDateTime, formatTime } from '../../lib/format.js';
import { moveItem, renumber } from '../../lib/priorities.js';
import type { CatalogueEntry, ConnectionView, QuotaStatus, RoutingStatus } from '../../lib/views.js';
import { AccountRow } from './account-row.js';

export interface ProviderSectionProps {
  entry: CatalogueEntry;
  accounts: ConnectionView[];
  routing: RoutingStatus | undefined;
  quota: QuotaStatus | undefined;
  configPath: string | null;
  now: number;
  onAddAccount: () => void;
  onEditAccount: (c: ConnectionView) => void;
  onEditProvider: () => void;
  onChanged: () => void;
}

/** A provider that has accounts (or that the user added): its accounts in the order they are tried. */
export function ProviderSection(props: ProviderSectionProps) {
  const client = useClient();
  const { t, tag } = useI18n();
  const tierBadge = useTierBadge();
  const modelCount = useModelCount();
  const actions = createActions();
  // While a new order is being written, show it rather than the stale one.
  const [pendingOrder, setPendingOrder] = createSignal<ConnectionView[] | null>(null);
  const ordered = createMemo(() => pendingOrder() ?? [...props.accounts].sort((a, b) => a.priority - b.priority || a.label.localeCompare(b.label)));
  // Priorities of file-declared accounts are the file's, so a list holding one is shown as is.
  const canReorder = () => props.accounts.every((a) => a.source === 'user');
  const e = () => props.entry;

  const move = async (from: number, to: number) => {
    const next = moveItem(ordered(), from, to);
    setPendingOrder(next);
    await actions.run(async () => {
      for (const change of renumber(next)) await client.call('connections.update', change);
    }, t('providers.account.reordered'));
    setPendingOrder(null);
    props.onChanged();
  };

  const refreshModels = async () => {
    const r = await actions.run(() => client.call('models.refresh', { provider: e().id }));
    if (!r) return;
    notify('success', t('providers.modelsRefreshed', { count: r.models.length, provider: e().name }), t('common.close'));
    props.onChanged();
  };

  return (
    <Card data-testid="provider-section" data-provider-id={e().id}>
      <div class="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div class="min-w-0">
          <div class="flex flex-wrap items-center gap-2">
            <h3 class="text-[15px] font-semibold">{e().name}</h3>
            <code class="text-xs text-muted">{e().id}</code>
            <Badge tone={e().local ? 'accent' : 'neutral'}>{tierBadge(e().tier)}</Badge>
            <Badge>{e().format}</Badge>
            <Show when={props.routing?.breakers.find((b) => b.key === `provider:${e().id}` && b.phase === 'open')}>
              {(b) => (
                <Badge tone="bad">
                  {b().reopensAt ? t('health.breakerOpenUntil', { time: formatTime(tag(), b().reopensAt ?? 0) }) : t('health.breakerOpen')}
                </Badge>
              )}
            </Show>
            <Show when={e().disabled}>
              <Badge tone="warn">{t('providers.disabledInSettings')}</Badge>
            </Show>
            <Show when={e().source === 'file'}>
              <Badge tone="accent">{t('common.fromFile')}</Badge>
            </Show>
          </div>
          <div class="mt-1 flex flex-wrap items-center gap-3 text-xs text-muted">
            <span>{modelCount(e().models.length)}</span>
            <Show when={e().modelsRefreshedAt}>{(at) => <span>{t('providers.modelsRefreshedAt', { time: formatDateTime(tag(), at()) })}</span>}</Show>
            <ProviderLinks entry={e()} />
          </div>
        </div>
        <div class="flex flex-wrap items-center gap-1.5">
          <Show when={e().canRefreshModels && e().connectionCount > 0}>
            <Button size="sm" onClick={() => void refreshModels()} disabled={actions.busy()} data-testid="refresh-models">
              <RefreshCw size={13} />
              {t('providers.refreshModels')}
            </Button>
          </Show>
          <Show when={e().source === 'user'}>
            <EditDeleteButtons
              editLabel={t('providers.editProvider')}
              deleteLabel={t('providers.deleteProvider')}
              editTestId="edit-provider"
              deleteTestId="delete-provider"
              onEdit={() => props.onEditProvider()}
              confirmTitle={t('providers.deleteProviderTitle', { name: e().name })}
              confirmBody={t('providers.deleteProviderBody')}
              actions={actions}
              remove={() => client.call('providers.delete', { id: e().id })}
              removedMessage={t('providers.providerDeleted', { name: e().name })}
              onRemoved={props.onChanged}
            />
          </Show>
          <Button size="sm" variant="primary" onClick={() => props.onAddAccount()} data-testid="add-account">
            <Plus size={13} />
            {t('providers.addAccount')}
          </Button>
        </div>
      </div>
      <Show when={e().source === 'file' || props.accounts.some((a) => a.source === 'file')}>
        <ReadOnlyNote configPath={props.configPath} />
      </Show>
      <Show when={props.accounts.length > 0} fallback={<p class="text-muted">{t('providers.noAccounts')}</p>}>
        <ReorderList
          items={ordered()}
          itemId={(c) => c.id}
          itemName={(c) => c.label}
          readOnly={!canReorder()}
          disabled={actions.busy()}
          onMove={(from, to) => void move(from, to)}
          testId="account-list"
          renderItem={(c) => (
            <AccountRow
              connection={c}
              local={e().local}
              routing={props.routing}
              quota={props.quota}
              now={props.now}
              onEdit={() => props.onEditAccount(c)}
              onChanged={props.onChanged}
            />
          )}
        />
      </Show>
    </Card>
  );
}
