import { Show, createEffect, createSignal } from 'solid-js';
import type { ConnectionView } from '../lib/views.js';
import type { CatalogueEntry } from '../lib/views.js';
import { useClient } from '../client-context.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import { AccountBaseUrlField, AccountKeyField } from './account-fields.js';
import { TextField } from './ui/field.js';
import { FormDialog } from './ui/form-dialog.js';
import { Switch } from './ui/switch.js';

/**
 * Adds an account to a provider, or edits one. A new base URL is only accepted together with
 * the key (so a stored key is never sent to a new address); the gateway says so if it is
 * missing, and that message is shown.
 */
export function AccountDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  provider: CatalogueEntry;
  existing?: ConnectionView;
  onSaved: (view: ConnectionView) => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [label, setLabel] = createSignal('');
  const [key, setKey] = createSignal('');
  const [baseUrl, setBaseUrl] = createSignal('');
  const [enabled, setEnabled] = createSignal(true);

  createEffect(() => {
    if (!props.open) return;
    setLabel(props.existing?.label ?? '');
    setKey('');
    setBaseUrl(props.existing?.baseUrl ?? '');
    setEnabled(props.existing?.enabled ?? true);
  });

  const save = async () => {
    const url = baseUrl().trim();
    const existing = props.existing;
    const saved = await actions.run(() => {
      if (!existing) {
        return client.call('connections.create', {
          provider: props.provider.id,
          label: label().trim(),
          apiKey: key().trim(),
          baseUrl: url || undefined,
          enabled: enabled(),
        });
      }
      const urlChanged = (existing.baseUrl ?? '') !== url;
      return client.call('connections.update', {
        id: existing.id,
        label: label().trim() !== existing.label ? label().trim() : undefined,
        enabled: enabled() !== existing.enabled ? enabled() : undefined,
        baseUrl: urlChanged ? url || null : undefined,
        apiKey: key().trim() || undefined,
      });
    }, t('providers.account.saved', { label: label().trim() }));
    if (!saved) return false;
    props.onSaved(saved);
    return true;
  };

  // A local server, or one the user declared, may take no key (core/providers/keyless.ts).
  const keyOptional = () => props.provider.local || props.provider.tier === 'custom';

  return (
    <FormDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.existing ? t('providers.edit.titleEdit', { label: props.existing.label }) : t('providers.edit.titleNew', { provider: props.provider.name })}
      testId="account-dialog"
      busy={actions.busy()}
      submitTestId="account-save"
      onSubmit={save}
    >
      <TextField label={t('providers.edit.label')} value={label()} onInput={setLabel} required autocomplete="off" data-testid="account-label" />
      <AccountKeyField
        provider={props.provider}
        label={props.existing ? t('providers.edit.keyReplace') : keyOptional() ? `${t('providers.edit.key')}${t('common.optional')}` : t('providers.edit.key')}
        hint={props.existing ? t('providers.edit.keyReplaceHint') : props.provider.local ? t('local.keyOptional') : keyOptional() ? t('local.customKeyOptional') : undefined}
        value={key()}
        onInput={setKey}
        required={!props.existing && !keyOptional()}
      />
      <AccountBaseUrlField
        provider={props.provider}
        label={t('providers.edit.baseUrl')}
        hint={
          <>
            {t('providers.edit.baseUrlHint', { url: props.provider.baseUrl })}
            <Show when={props.existing && !props.provider.local}> {t('providers.edit.keyRequiredForUrl')}</Show>
          </>
        }
        value={baseUrl()}
        onInput={setBaseUrl}
      />
      <Switch label={t('providers.edit.enabled')} checked={enabled()} onChange={setEnabled} />
    </FormDialog>
  );
}
