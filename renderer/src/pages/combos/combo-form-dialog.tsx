import { Plus, X } from 'lucide-solid';
import { Show, createEffect, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { StrategySelect } from '../../components/strategy-select.js';
import { Button, IconButton } from '../../components/ui/button.js';
import { TextField } from '../../components/ui/field.js';
import { FormDialog } from '../../components/ui/form-dialog.js';
import { ReorderList } from '../../components/ui/reorder-list.js';
import { Select } from '../../components/ui/select.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { routableModels } from '../../lib/catalogue.js';
import type { Strategy } from '../../lib/contract-lists.js';
import { moveItem } from '../../lib/priorities.js';
import type { CatalogueEntry, ComboView, ConnectionView } from '../../lib/views.js';

interface DraftMember {
  uid: number;
  model: string;
  /** A connection label of the member's provider; '' for any account. */
  connection: string;
}

let nextUid = 1;

/** The "any account" choice: labels cannot contain ":", so this never names a real one. */
const ANY = ':any';

/** Creates a combo or edits one (renaming included); members are tried in the listed order. */
export function ComboFormDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  existing?: ComboView;
  catalogue: readonly CatalogueEntry[];
  connections: readonly ConnectionView[];
  onSaved: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [name, setName] = createSignal('');
  const [strategy, setStrategy] = createSignal<Strategy>('fill-first');
  const [sticky, setSticky] = createSignal('');
  const [members, setMembers] = createSignal<DraftMember[]>([]);

  createEffect(() => {
    if (!props.open) return;
    const e = props.existing;
    setName(e?.name ?? '');
    setStrategy(e?.strategy ?? 'fill-first');
    setSticky(e?.sticky ? String(e.sticky) : '');
    setMembers(e ? e.members.map((m) => ({ uid: nextUid++, model: m.model, connection: m.connection ?? '' })) : []);
  });

  const modelOptions = () => {
    const models = new Set(routableModels(props.catalogue));
    for (const m of members()) if (m.model) models.add(m.model);
    return [...models].sort().map((m) => ({ value: m, label: m }));
  };
  const accountOptions = (model: string) => {
    const provider = model.split('/')[0];
    return [
      { value: ANY, label: t('combos.anyAccount') },
      ...props.connections.filter((c) => c.provider === provider).map((c) => ({ value: c.label, label: c.label })),
    ];
  };
  const update = (uid: number, patch: Partial<DraftMember>) => setMembers((list) => list.map((m) => (m.uid === uid ? { ...m, ...patch } : m)));

  const save = async () => {
    const list = members()
      .filter((m) => m.model)
      .map((m) => (m.connection ? { model: m.model, connection: m.connection } : { model: m.model }));
    const stickyN = strategy() === 'round-robin' && sticky().trim() ? Number(sticky()) : undefined;
    const e = props.existing;
    const done = await actions.run(
      () =>
        e
          ? client.call('combos.update', {
              name: e.name,
              rename: name().trim() !== e.name ? name().trim() : undefined,
              strategy: strategy(),
              sticky: stickyN ?? null,
              members: list,
            })
          : client.call('combos.create', { name: name().trim(), strategy: strategy(), sticky: stickyN, members: list }),
      t('combos.saved', { name: name().trim() }),
    );
    if (!done) return false;
    props.onSaved();
    return true;
  };

  return (
    <FormDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.existing ? t('combos.titleEdit', { name: props.existing.name }) : t('combos.titleNew')}
      size="lg"
      testId="combo-dialog"
      busy={actions.busy()}
      canSubmit={members().some((m) => !!m.model)}
      submitTestId="combo-save"
      onSubmit={save}
    >
      <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField label={t('combos.name')} hint={t('combos.nameHint')} value={name()} onInput={setName} required autocomplete="off" spellcheck={false} data-testid="combo-form-name" />
        <StrategySelect value={strategy()} onChange={setStrategy} />
        <Show when={strategy() === 'round-robin'}>
          <TextField label={t('combos.sticky')} hint={t('combos.stickyHint')} value={sticky()} onInput={setSticky} type="number" min="1" step="1" />
        </Show>
      </div>
      <fieldset class="m-0 flex flex-col gap-2 border-0 p-0">
        <legend class="mb-2 text-[13px] font-medium">{t('combos.members')}</legend>
        <Show when={modelOptions().length > 0} fallback={<p class="text-[13px] text-warn">{t('combos.noModels')}</p>}>
          <ReorderList
            items={members()}
            itemId={(m) => String(m.uid)}
            itemName={(m) => m.model || t('combos.pickModel')}
            onMove={(from, to) => setMembers((list) => moveItem(list, from, to))}
            renderItem={(m) => (
              <div class="flex flex-wrap items-end gap-2">
                <Select
                  class="min-w-56 flex-[2]"
                  label={t('combos.member')}
                  options={modelOptions()}
                  value={m.model || null}
                  placeholder={t('combos.pickModel')}
                  onChange={(v) => update(m.uid, { model: v, connection: '' })}
                  testId="member-model"
                />
                <Select
                  class="min-w-36 flex-1"
                  label={t('combos.account')}
                  options={accountOptions(m.model)}
                  value={m.connection || ANY}
                  onChange={(v) => update(m.uid, { connection: v === ANY ? '' : v })}
                  disabled={!m.model}
                  testId="member-account"
                />
                <IconButton label={t('combos.removeMember', { name: m.model || t('combos.pickModel') })} onClick={() => setMembers((l) => l.filter((x) => x.uid !== m.uid))} class="mb-1">
                  <X size={14} />
                </IconButton>
              </div>
            )}
          />
          <div>
            <Button size="sm" onClick={() => setMembers((l) => [...l, { uid: nextUid++, model: '', connection: '' }])} data-testid="add-member">
              <Plus size={13} />
              {t('combos.addMember')}
            </Button>
          </div>
        </Show>
      </fieldset>
    </FormDialog>
  );
}
