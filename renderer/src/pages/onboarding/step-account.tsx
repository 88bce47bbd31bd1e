import { Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { AccountDialog } from '../../components/account-dialog.js';
import { AccountBaseUrlField, AccountKeyField } from '../../components/account-fields.js';
import { ProviderLinks } from '../../components/provider-links.js';
import { TestResult } from '../../components/test-result.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { TextField } from '../../components/ui/field.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { createLoader } from '../../lib/loader.js';
import type { CatalogueEntry, ConnectionTestResult } from '../../lib/views.js';

/**
 * Step 2: create the account, then test it at once. Once created it stays created (going back
 * or reloading shows it with a Test button), so a retry never makes a duplicate account.
 */
export function StepAccount(props: {
  provider: CatalogueEntry;
  connectionId: string | null;
  onConnected: (id: string) => void;
  onForget: () => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [label, setLabel] = createSignal('main');
  const [key, setKey] = createSignal('');
  const [baseUrl, setBaseUrl] = createSignal('');
  const [result, setResult] = createSignal<ConnectionTestResult | null>(null);
  const [testing, setTesting] = createSignal(false);
  const [editOpen, setEditOpen] = createSignal(false);
  const connections = createLoader(() => client.call('connections.list', {}));
  const connection = () => connections.data()?.find((c) => c.id === props.connectionId);

  const test = async (id: string) => {
    setTesting(true);
    setResult(null);
    const outcome = await actions.run(() => client.call('connections.test', { id }));
    setTesting(false);
    if (outcome) setResult(outcome);
  };

  const connect = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const created = await actions.run(() =>
      client.call('connections.create', {
        provider: props.provider.id,
        label: label().trim(),
        apiKey: key().trim(),
        baseUrl: baseUrl().trim() || undefined,
      }),
    );
    if (!created) return;
    setKey('');
    props.onConnected(created.id);
    await connections.refetch();
    await test(created.id);
  };

  return (
    <Card>
      <div class="mb-4 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 class="text-base font-semibold">{t('onboarding.account.heading', { provider: props.provider.name })}</h2>
          <p class="text-muted">{props.provider.local ? t('local.accountHelp') : t('onboarding.account.help')}</p>
        </div>
        <ProviderLinks entry={props.provider} />
      </div>

      <Show
        when={props.connectionId}
        fallback={
          <form class="flex max-w-xl flex-col gap-3" onSubmit={(e) => void connect(e)} data-testid="onboarding-account-form">
            <TextField
              label={t('onboarding.account.label')}
              hint={t('onboarding.account.labelHint')}
              value={label()}
              onInput={setLabel}
              required
              autocomplete="off"
              data-testid="account-label"
            />
            <AccountKeyField
              provider={props.provider}
              label={props.provider.local ? `${t('onboarding.account.key')}${t('common.optional')}` : t('onboarding.account.key')}
              hint={props.provider.local ? t('local.keyOptional') : undefined}
              value={key()}
              onInput={setKey}
              required={!props.provider.local}
            />
            <AccountBaseUrlField
              provider={props.provider}
              label={`${t('onboarding.account.baseUrl')}${t('common.optional')}`}
              hint={t('onboarding.account.baseUrlHint', { url: props.provider.baseUrl })}
              value={baseUrl()}
              onInput={setBaseUrl}
            />
            <div class="flex gap-2 pt-1">
              <Button onClick={() => props.onBack()}>{t('common.back')}</Button>
              <Button type="submit" variant="primary" disabled={actions.busy()} data-testid="account-connect">
                {actions.busy() ? t('onboarding.account.testing') : t('onboarding.account.connect')}
              </Button>
            </div>
          </form>
        }
      >
        {(id) => (
          <div class="flex flex-col gap-3">
            <p class="text-[13px]" data-testid="onboarding-connected">
              {t('onboarding.account.existing', { label: connection()?.label ?? '…' })}
            </p>
            <Show when={testing()}>
              <p class="text-muted" aria-live="polite">
                {t('onboarding.account.testing')}
              </p>
            </Show>
            <Show when={result()}>{(r) => <TestResult result={r()} />}</Show>
            <div class="flex flex-wrap gap-2 pt-1">
              <Button onClick={() => props.onBack()}>{t('common.back')}</Button>
              <Button onClick={() => void test(id())} disabled={testing()} data-testid="account-retest">
                {t('onboarding.account.retest')}
              </Button>
              <Show when={connection()}>
                <Button onClick={() => setEditOpen(true)} data-testid="account-edit">
                  {t('common.edit')}
                </Button>
              </Show>
              <Button variant="ghost" onClick={() => props.onForget()}>
                {t('onboarding.account.changeAccount')}
              </Button>
              <Button variant="primary" class="ml-auto" onClick={() => props.onNext()} disabled={testing()} data-testid="onboarding-next">
                {t('common.next')}
              </Button>
            </div>
            <Show when={connection()}>
              {(c) => (
                <AccountDialog
                  open={editOpen()}
                  onOpenChange={setEditOpen}
                  provider={props.provider}
                  existing={c()}
                  onSaved={() => {
                    void connections.refetch();
                    void test(id());
                  }}
                />
              )}
            </Show>
          </div>
        )}
      </Show>
    </Card>
  );
}
