import { For, Show, createEffect, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { TextAreaField, TextField } from '../../components/ui/field.js';
import { FormDialog } from '../../components/ui/form-dialog.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { dateFromExpiry, expiryFromDate, parseScopes } from '../../lib/key-form.js';
import type { GatewayKeyView } from '../../lib/views.js';

/** Creates a gateway key (the new key is handed to onIssued, to be shown once) or edits one. */
export function KeyFormDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  existing?: GatewayKeyView;
  /** Scope ideas: combo names and `<provider>/*`. */
  suggestions: readonly string[];
  onIssued: (key: string, label: string) => void;
  onSaved: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [label, setLabel] = createSignal('');
  const [scopes, setScopes] = createSignal('');
  const [expires, setExpires] = createSignal('');

  createEffect(() => {
    if (!props.open) return;
    setLabel(props.existing?.label ?? '');
    setScopes(props.existing?.scopes.join('\n') ?? '');
    setExpires(dateFromExpiry(props.existing?.expiresAt ?? null));
  });

  const addScope = (s: string) => setScopes((text) => (parseScopes(text).includes(s) ? text : [...parseScopes(text), s].join('\n')));

  const save = async () => {
    const input = { label: label().trim(), scopes: parseScopes(scopes()), expiresAt: expiryFromDate(expires()) };
    const e = props.existing;
    if (e) {
      const saved = await actions.run(() => client.call('keys.update', { id: e.id, ...input }), t('keys.saved', { label: input.label }));
      if (!saved) return false;
      props.onSaved();
    } else {
      const issued = await actions.run(() => client.call('keys.create', input));
      if (!issued) return false;
      props.onIssued(issued.key, issued.view.label);
    }
    return true;
  };

  return (
    <FormDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.existing ? t('keys.titleEdit', { label: props.existing.label }) : t('keys.titleNew')}
      testId="key-dialog"
      busy={actions.busy()}
      submitLabel={props.existing ? t('common.save') : t('common.create')}
      submitTestId="key-save"
      onSubmit={save}
    >
      <TextField label={t('keys.label')} value={label()} onInput={setLabel} required autocomplete="off" data-testid="key-label" />
      <TextAreaField label={t('keys.scopes')} hint={t('keys.scopesHint')} value={scopes()} onInput={setScopes} rows={3} spellcheck={false} data-testid="key-scopes" />
      <Show when={props.suggestions.length > 0}>
        <div class="-mt-1 flex flex-wrap gap-1">
          <For each={props.suggestions}>
            {(s) => (
              <button type="button" class="rounded-full border border-border bg-surface-2 px-2 py-0.5 font-mono text-xs text-fg hover:border-accent" onClick={() => addScope(s)}>
                + {s}
              </button>
            )}
          </For>
        </div>
      </Show>
      <TextField label={`${t('keys.expires')}${t('common.optional')}`} hint={t('keys.expiresHint')} type="date" value={expires()} onInput={setExpires} data-testid="key-expires" />
    </FormDialog>
  );
}
