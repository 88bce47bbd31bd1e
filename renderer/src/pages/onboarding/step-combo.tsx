import { For, Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { StrategySelect } from '../../components/strategy-select.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { TextField } from '../../components/ui/field.js';
import { ReorderList } from '../../components/ui/reorder-list.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import type { Strategy } from '../../lib/contract-lists.js';
import { moveItem } from '../../lib/priorities.js';
import type { CatalogueEntry } from '../../lib/views.js';

/** Step 3: a first combo over the chosen provider's models, tried in the order picked. */
export function StepCombo(props: {
  provider: CatalogueEntry;
  comboName: string | null;
  onCreated: (name: string) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [name, setName] = createSignal('coding');
  const [strategy, setStrategy] = createSignal<Strategy>('fill-first');
  const [picked, setPicked] = createSignal<string[]>([]);
  const [other, setOther] = createSignal('');

  const toggle = (model: string, on: boolean) =>
    setPicked((list) => (on ? (list.includes(model) ? list : [...list, model]) : list.filter((m) => m !== model)));

  const create = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const combo = await actions.run(
      () =>
        client.call('combos.create', {
          name: name().trim(),
          strategy: strategy(),
          members: picked().map((m) => ({ model: `${props.provider.id}/${m}` })),
        }),
      t('onboarding.combo.created', { name: name().trim() }),
    );
    if (combo) props.onCreated(combo.name);
  };

  return (
    <Card>
      <h2 class="text-base font-semibold">{t('onboarding.combo.heading')}</h2>
      <p class="mb-4 max-w-3xl text-muted">{t('onboarding.combo.help')}</p>
      <Show
        when={!props.comboName}
        fallback={
          <div class="flex flex-col gap-3">
            <p data-testid="onboarding-combo-done" class="text-ok">
              {t('onboarding.combo.created', { name: props.comboName ?? '' })}
            </p>
            <div class="flex gap-2">
              <Button onClick={() => props.onBack()}>{t('common.back')}</Button>
              <Button variant="primary" class="ml-auto" onClick={() => props.onNext()} data-testid="onboarding-next">
                {t('common.next')}
              </Button>
            </div>
          </div>
        }
      >
        <form class="flex flex-col gap-4" onSubmit={(e) => void create(e)}>
          <div class="grid max-w-xl grid-cols-1 gap-3 sm:grid-cols-2">
            <TextField
              label={t('onboarding.combo.name')}
              hint={t('onboarding.combo.nameHint')}
              value={name()}
              onInput={setName}
              required
              pattern="[A-Za-z0-9._\-]+"
              autocomplete="off"
              spellcheck={false}
              data-testid="combo-name"
            />
            <StrategySelect value={strategy()} onChange={setStrategy} />
          </div>
          <fieldset class="m-0 border-0 p-0">
            <legend class="mb-2 text-[13px] font-medium">{t('onboarding.combo.models')}</legend>
            <div class="grid grid-cols-1 gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
              <For each={props.provider.models}>
                {(m) => (
                  <label class="flex cursor-pointer items-center gap-2 rounded-md border border-border px-2.5 py-1.5 hover:bg-surface-2">
                    <input
                      type="checkbox"
                      class="h-4 w-4 accent-[var(--accent)]"
                      checked={picked().includes(m.id)}
                      onChange={(e) => toggle(m.id, e.currentTarget.checked)}
                      data-testid="combo-model"
                      data-model={m.id}
                    />
                    <code class="truncate">{m.id}</code>
                  </label>
                )}
              </For>
            </div>
            <div class="mt-2 flex max-w-md items-end gap-2">
              <TextField
                class="flex-1"
                label={t('onboarding.combo.otherModel')}
                value={other()}
                onInput={setOther}
                placeholder="model-id"
                spellcheck={false}
                data-testid="combo-other-model"
              />
              <Button
                onClick={() => {
                  const m = other().trim();
                  if (m) toggle(m, true);
                  setOther('');
                }}
              >
                {t('common.add')}
              </Button>
            </div>
          </fieldset>
          <Show when={picked().length > 0} fallback={<p class="text-xs text-muted">{t('onboarding.combo.modelsHint')}</p>}>
            <div class="max-w-xl">
              <ReorderList
                items={picked()}
                itemId={(m) => m}
                itemName={(m) => m}
                onMove={(from, to) => setPicked((list) => moveItem(list, from, to))}
                renderItem={(m, i) => (
                  <span class="text-[13px]">
                    <span class="mr-2 text-muted tabular-nums">{i() + 1}.</span>
                    <code>
                      {props.provider.id}/{m}
                    </code>
                  </span>
                )}
              />
            </div>
          </Show>
          <div class="flex gap-2">
            <Button onClick={() => props.onBack()}>{t('common.back')}</Button>
            <Button type="submit" variant="primary" disabled={actions.busy() || picked().length === 0} data-testid="combo-create">
              {t('onboarding.combo.create')}
            </Button>
          </div>
        </form>
      </Show>
    </Card>
  );
}
