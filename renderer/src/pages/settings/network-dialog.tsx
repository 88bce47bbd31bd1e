import { Show, createEffect, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { Segmented } from '../../components/segmented.js';
import { TextField } from '../../components/ui/field.js';
import { FormDialog } from '../../components/ui/form-dialog.js';
import { Select } from '../../components/ui/select.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { accountDetail, editableUrl, hasMaskedPassword, type ScopedKind, type ScopedProxyRow } from '../../lib/network.js';
import type { CatalogueEntry, ConnectionView, NetworkView } from '../../lib/views.js';

/**
 * Adds a proxy for one provider or one account, or edits one (then its target is fixed). A
 * stored password is never shown, so editing a URL that has one starts from an empty field.
 */
export function ProxyDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The row being edited; null adds one. */
  editing: ScopedProxyRow | null;
  view: NetworkView;
  catalogue: readonly CatalogueEntry[];
  connections: readonly ConnectionView[];
  onSaved: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const action = createActions({ errorsInline: true });
  const [kind, setKind] = createSignal<ScopedKind>('provider');
  const [target, setTarget] = createSignal<string | null>(null);
  const [url, setUrl] = createSignal('');

  createEffect(() => {
    if (!props.open) return;
    setKind(props.editing?.kind ?? 'provider');
    setTarget(props.editing?.id ?? null);
    setUrl(props.editing ? editableUrl(props.editing.url) : '');
    action.setError(null);
  });

  // What already has a proxy is edited from its row, so the new-proxy pickers leave it out.
  const providerOptions = () => props.catalogue.filter((p) => props.view.providers[p.id] === undefined).map((p) => ({ value: p.id, label: p.name }));
  const accountOptions = () =>
    props.connections
      .filter((c) => props.view.connections[c.id] === undefined)
      .map((c) => ({ value: c.id, label: `${c.label} · ${accountDetail(props.catalogue, c)}` }));
  const targetName = () => {
    const id = target();
    if (kind() === 'provider') return props.catalogue.find((p) => p.id === id)?.name ?? id ?? '';
    return props.connections.find((c) => c.id === id)?.label ?? id ?? '';
  };
  const hiddenPassword = () => (props.editing && hasMaskedPassword(props.editing.url) ? props.editing.url : null);

  const save = async () => {
    const id = target();
    if (id === null) return false;
    if (hasMaskedPassword(url())) {
      action.setError(t('network.maskedPassword'));
      return false;
    }
    const name = targetName();
    const view = await action.run(() => client.call('network.setProxy', { scope: { kind: kind(), id }, url: url().trim() }), t('network.scoped.saved', { name }));
    if (!view) return false;
    props.onSaved();
    return true;
  };

  return (
    <FormDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.editing ? t('network.dialog.titleEdit', { name: props.editing.name ?? props.editing.id }) : t('network.dialog.titleNew')}
      testId="network-dialog"
      busy={action.busy()}
      canSubmit={target() !== null && url().trim() !== ''}
      submitTestId="network-dialog-save"
      onSubmit={save}
    >
      <Show when={!props.editing}>
        <Segmented<ScopedKind>
          label={t('network.dialog.appliesTo')}
          options={[
            { value: 'provider', label: t('network.dialog.provider') },
            { value: 'connection', label: t('network.dialog.account') },
          ]}
          value={kind()}
          onChange={(k) => {
            setKind(k);
            setTarget(null);
          }}
          testId="network-dialog-kind"
        />
        <Show
          when={kind() === 'provider' || accountOptions().length > 0}
          fallback={<p class="text-[13px] text-muted">{t('network.dialog.noAccounts')}</p>}
        >
          <Select
            label={kind() === 'provider' ? t('network.dialog.provider') : t('network.dialog.account')}
            options={kind() === 'provider' ? providerOptions() : accountOptions()}
            value={target()}
            onChange={setTarget}
            placeholder={t('network.dialog.choose')}
            testId="network-dialog-target"
          />
        </Show>
      </Show>
      <TextField
        label={t('network.dialog.url')}
        value={url()}
        onInput={(v) => {
          setUrl(v);
          action.setError(null);
        }}
        placeholder={t('network.urlPlaceholder')}
        hint={hiddenPassword() ? t('network.dialog.passwordHidden', { url: hiddenPassword() ?? '' }) : t('network.dialog.urlHint')}
        error={action.error()}
        autocomplete="off"
        spellcheck={false}
        data-testid="network-dialog-url"
      />
    </FormDialog>
  );
}
