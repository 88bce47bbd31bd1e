import { Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { EditDeleteButtons } from '../../components/edit-delete-buttons.js';
import { ReadOnlyNote } from '../../components/read-only-note.js';
import { Badge } from '../../components/ui/badge.js';
import { Card } from '../../components/ui/card.js';
import { ReorderList } from '../../components/ui/reorder-list.js';
import { Switch } from '../../components/ui/switch.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { moveItem } from '../../lib/priorities.js';
import type { ComboMember, ComboView, ConnectionView, QuotaStatus, RoutingStatus } from '../../lib/views.js';
import { MemberStatus } from './member-status.js';

interface Row {
  /** Stable across a reorder: the member's model, pin and occurrence. */
  id: string;
  index: number;
  member: ComboMember;
}

function rowsOf(members: readonly ComboMember[]): Row[] {
  const seen = new Map<string, number>();
  return members.map((member, index) => {
    const base = `${member.model}|${member.connection ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { id: `${base}|${n}`, index, member };
  });
}

export function ComboCard(props: {
  combo: ComboView;
  connections: readonly ConnectionView[];
  routing: RoutingStatus | undefined;
  quota: QuotaStatus | undefined;
  configPath: string | null;
  now: number;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [pending, setPending] = createSignal<Row[] | null>(null);
  const rows = createMemo(() => pending() ?? rowsOf(props.combo.members));
  const c = () => props.combo;
  const readOnly = () => c().source === 'file';

  const move = async (from: number, to: number) => {
    const next = moveItem(rows(), from, to);
    setPending(next);
    await actions.run(
      () => client.call('combos.reorder', { name: c().name, order: next.map((r) => r.index) }),
      t('combos.reordered', { name: c().name }),
    );
    setPending(null);
    props.onChanged();
  };

  const setEnabled = async (enabled: boolean) => {
    if (await actions.run(() => client.call('combos.enable', { name: c().name, enabled }))) props.onChanged();
  };

  return (
    <Card data-testid="combo-card" data-combo={c().name}>
      <div class="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div class="flex min-w-0 flex-wrap items-center gap-2">
          <h3 class="font-mono text-[15px] font-semibold">{c().name}</h3>
          <Badge tone="accent">{t(`combos.strategies.${c().strategy}`)}</Badge>
          <Show when={c().sticky !== null && c().strategy === 'round-robin'}>
            <Badge>
              {t('combos.sticky')}{t('common.colon')}{c().sticky}
            </Badge>
          </Show>
          <Show when={!c().enabled}>
            <Badge>{t('common.disabled')}</Badge>
          </Show>
          <Show when={readOnly()}>
            <Badge tone="accent">{t('common.fromFile')}</Badge>
          </Show>
        </div>
        <Show when={!readOnly()}>
          <div class="flex flex-wrap items-center gap-1.5">
            <Switch label={t('combos.enable', { name: c().name })} hideLabel checked={c().enabled} onChange={(v) => void setEnabled(v)} disabled={actions.busy()} testId="combo-enabled" />
            <EditDeleteButtons
              editLabel={t('combos.edit')}
              deleteLabel={t('combos.delete')}
              editTestId="combo-edit"
              deleteTestId="combo-delete"
              onEdit={() => props.onEdit()}
              confirmTitle={t('combos.deleteTitle', { name: c().name })}
              confirmBody={t('combos.deleteBody', { name: c().name })}
              actions={actions}
              remove={() => client.call('combos.delete', { name: c().name })}
              removedMessage={t('combos.deleted', { name: c().name })}
              onRemoved={props.onChanged}
            />
          </div>
        </Show>
      </div>
      <Show when={readOnly()}>
        <ReadOnlyNote configPath={props.configPath} />
      </Show>
      <ReorderList
        items={rows()}
        itemId={(r) => r.id}
        itemName={(r) => r.member.model}
        readOnly={readOnly()}
        disabled={actions.busy()}
        onMove={(from, to) => void move(from, to)}
        testId="combo-members"
        renderItem={(r, i) => (
          <div class="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="combo-member" data-model={r.member.model}>
            <span class="text-xs text-muted tabular-nums">{i() + 1}.</span>
            <code class="text-[13px]">{r.member.model}</code>
            <Show when={r.member.connection}>
              <span class="text-xs text-muted">{t('combos.pinnedTo', { label: r.member.connection ?? '' })}</span>
            </Show>
            <MemberStatus member={r.member} connections={props.connections} routing={props.routing} quota={props.quota} now={props.now} />
          </div>
        )}
      />
    </Card>
  );
}
