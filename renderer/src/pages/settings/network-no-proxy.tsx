import { Show, createEffect, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import type { NetworkView } from '../../lib/views.js';
import { NetworkRow, SaveField } from './network-frame.js';

/** NO_PROXY: the hosts that always connect directly. It holds no secret, so the field shows what is stored. */
export function NoProxy(props: { view: NetworkView; onSaved: () => void }) {
  const client = useClient();
  const { t } = useI18n();
  const action = createActions({ errorsInline: true });
  const [value, setValue] = createSignal('');
  // Follows the stored value whenever it changes (a save, a reload), dropping an unsaved edit.
  createEffect(() => setValue(props.view.noProxy));

  const save = async () => {
    const view = await action.run(() => client.call('network.setNoProxy', { noProxy: value().trim() }), t('network.noProxy.saved'));
    if (view) props.onSaved();
  };

  return (
    <NetworkRow title={t('network.noProxy.title')} help={t('network.noProxy.help')} testId="network-no-proxy">
      <SaveField
        label={t('network.noProxy.label')}
        value={value()}
        onInput={(v) => {
          setValue(v);
          action.setError(null);
        }}
        onSave={() => void save()}
        canSave={value().trim() !== props.view.noProxy}
        busy={action.busy()}
        placeholder={t('network.noProxy.placeholder')}
        error={action.error()}
        testId="network-no-proxy"
      />
      <Show when={props.view.environment.noProxy}>
        {(env) => (
          <p class="text-xs text-muted" data-testid="network-environment-no-proxy">
            {t('network.noProxy.environment', { value: env() })}
          </p>
        )}
      </Show>
    </NetworkRow>
  );
}
