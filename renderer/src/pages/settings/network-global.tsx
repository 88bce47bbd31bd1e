import { X } from 'lucide-solid';
import { Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { Button } from '../../components/ui/button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { hasMaskedPassword } from '../../lib/network.js';
import type { NetworkView } from '../../lib/views.js';
import { NetworkRow, SaveField } from './network-frame.js';

/**
 * The global proxy: what is stored (its password as ***) with Clear, and a field for a new URL.
 * The field starts empty rather than with the stored URL, since that URL's *** sent back would
 * replace the password.
 */
export function GlobalProxy(props: { view: NetworkView; onSaved: () => void }) {
  const client = useClient();
  const { t } = useI18n();
  const action = createActions({ errorsInline: true });
  const [url, setUrl] = createSignal('');

  const set = async (next: string | null, done: string) => {
    const view = await action.run(() => client.call('network.setProxy', { scope: { kind: 'global' }, url: next }), done);
    if (!view) return;
    setUrl('');
    props.onSaved();
  };
  const save = () => {
    if (hasMaskedPassword(url())) action.setError(t('network.maskedPassword'));
    else void set(url().trim(), t('network.global.saved'));
  };

  return (
    <NetworkRow title={t('network.global.label')} help={t('network.global.help')} testId="network-global">
      <div class="flex flex-wrap items-center gap-2 text-[13px]">
        <span class="text-muted">{t('network.global.current')}</span>
        <Show when={props.view.global} fallback={<span data-testid="network-global-current">{t('network.global.none')}</span>}>
          {(current) => (
            <>
              <code class="rounded bg-surface-2 px-2 py-0.5 break-all" data-testid="network-global-current">
                {current()}
              </code>
              <Button size="sm" variant="danger" onClick={() => void set(null, t('network.global.cleared'))} disabled={action.busy()} data-testid="network-global-clear">
                <X size={13} />
                {t('network.global.clear')}
              </Button>
            </>
          )}
        </Show>
      </div>
      <SaveField
        label={t('network.global.newUrl')}
        value={url()}
        onInput={(v) => {
          setUrl(v);
          action.setError(null);
        }}
        onSave={save}
        canSave={url().trim() !== ''}
        busy={action.busy()}
        placeholder={t('network.urlPlaceholder')}
        error={action.error()}
        testId="network-global"
      />
      <Show when={props.view.environment.proxy}>
        {(env) => (
          <p class="text-xs text-muted" data-testid="network-environment">
            {props.view.global ? t('network.global.environmentOverridden', { url: env() }) : t('network.global.environment', { url: env() })}
          </p>
        )}
      </Show>
    </NetworkRow>
  );
}
