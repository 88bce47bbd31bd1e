import { Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { ClientSetupLines } from '../../components/client-setup-lines.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { CopyButton } from '../../components/ui/copy-button.js';
import { ErrorBanner } from '../../components/ui/error-banner.js';
import { TextField } from '../../components/ui/field.js';
import { SecretOnce } from '../../components/ui/secret-once.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { createLoader } from '../../lib/loader.js';
import type { CatalogueEntry } from '../../lib/views.js';

/** Step 4: the endpoint, a gateway key (shown once, kept only in memory) and each tool's set-up. */
export function StepFinish(props: { comboName: string | null; provider: CatalogueEntry; onBack: () => void; onDone: () => void }) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const status = createLoader(() => client.call('gateway.status', {}));
  const [label, setLabel] = createSignal('my-tools');
  const [issued, setIssued] = createSignal<string | null>(null);
  const model = () => props.comboName ?? `${props.provider.id}/${props.provider.models[0]?.id ?? 'model'}`;

  const createKey = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const result = await actions.run(() => client.call('keys.create', { label: label().trim() }));
    if (result) setIssued(result.key);
  };

  return (
    <div class="flex flex-col gap-4">
      <ErrorBanner message={status.error()} onRetry={() => void status.refetch()} />
      <Card>
        <h2 class="mb-3 text-base font-semibold">{t('onboarding.finish.heading')}</h2>
        <h3 class="mb-1 text-[13px] font-medium">{t('onboarding.finish.endpoint')}</h3>
        <Show when={status.data()?.listening} fallback={<p class="text-muted">{status.data() ? t('onboarding.finish.notListening') : t('common.loading')}</p>}>
          {(l) => (
            <div class="flex flex-wrap items-center gap-2">
              <code class="rounded bg-surface-2 px-2 py-1 text-[13px]" data-testid="onboarding-endpoint">
                {l().url}
              </code>
              <CopyButton text={l().url} testId="copy-endpoint" />
            </div>
          )}
        </Show>
      </Card>

      <Card>
        <h3 class="text-[15px] font-semibold">{t('onboarding.finish.keyHeading')}</h3>
        <p class="mb-3 text-muted">{t('onboarding.finish.keyHelp')}</p>
        <Show
          when={issued()}
          fallback={
            <form class="flex max-w-md items-end gap-2" onSubmit={(e) => void createKey(e)}>
              <TextField class="flex-1" label={t('onboarding.finish.keyLabel')} value={label()} onInput={setLabel} required data-testid="onboarding-key-label" />
              <Button type="submit" variant="primary" disabled={actions.busy()} data-testid="onboarding-create-key">
                {t('onboarding.finish.createKey')}
              </Button>
            </form>
          }
        >
          {(key) => <SecretOnce secret={key()} />}
        </Show>
      </Card>

      <Show when={status.data()?.listening}>
        {(l) => (
          <Card>
            <h3 class="mb-3 text-[15px] font-semibold">{t('onboarding.finish.toolsHeading')}</h3>
            <ClientSetupLines endpoint={l().url} apiKey={issued()} model={model()} />
          </Card>
        )}
      </Show>

      <div class="flex gap-2">
        <Button onClick={() => props.onBack()}>{t('common.back')}</Button>
        <Button variant="primary" class="ml-auto" onClick={() => props.onDone()} data-testid="onboarding-done">
          {t('onboarding.finish.done')}
        </Button>
      </div>
    </div>
  );
}
