import { Show, createEffect, createSignal } from 'solid-js';
import type { ConnectionView } from '../lib/views.js';
import type { CatalogueEntry } from '../lib/views.js';
import { useClient } from '../client-context.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import { KeyPrefixWarning } from './key-prefix-warning.js';
import { Button } from './ui/button.js';
import { Dialog } from './ui/dialog.js';
import { TextField } from './ui/field.js';
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

  const save = async (ev: SubmitEvent) => {
    ev.preventDefault();
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
    if (saved) {
      props.onSaved(saved);
      props.onOpenChange(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.existing ? t('providers.edit.titleEdit', { label: props.existing.label }) : t('providers.edit.titleNew', { provider: props.provider.name })}
      testId="account-dialog"
    >
      <form class="flex flex-col gap-3" onSubmit={(e) => void save(e)}>
        <TextField label={t('providers.edit.label')} value={label()} onInput={setLabel} required autocomplete="off" data-testid="account-label" />
        <TextField
          label={props.existing ? t('providers.edit.keyReplace') : t('providers.edit.key')}
          hint={props.existing ? t('providers.edit.keyReplaceHint') : undefined}
          value={key()}
          onInput={setKey}
          required={!props.existing}
          type="password"
          autocomplete="off"
          spellcheck={false}
          data-testid="account-key"
        />
        <KeyPrefixWarning provider={props.provider} apiKey={key()} />
        <TextField
          label={t('providers.edit.baseUrl')}
          hint={
            <>
              {t('providers.edit.baseUrlHint', { url: props.provider.baseUrl })}
              <Show when={props.existing}> {t('providers.edit.keyRequiredForUrl')}</Show>
            </>
          }
          value={baseUrl()}
          onInput={setBaseUrl}
          type="url"
          spellcheck={false}
          placeholder={props.provider.baseUrl}
          data-testid="account-base-url"
        />
        <Switch label={t('providers.edit.enabled')} checked={enabled()} onChange={setEnabled} />
        <div class="flex justify-end gap-2 pt-1">
          <Button onClick={() => props.onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={actions.busy()} data-testid="account-save">
            {actions.busy() ? t('common.saving') : t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
