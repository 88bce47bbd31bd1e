import { FlaskConical } from 'lucide-solid';
import { Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { EditDeleteButtons } from '../../components/edit-delete-buttons.js';
import { HealthBadge } from '../../components/health-badge.js';
import { QuotaSummary } from '../../components/quota-summary.js';
import { TestResult } from '../../components/test-result.js';
import { Button } from '../../components/ui/button.js';
import { Switch } from '../../components/ui/switch.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountHealth, quotaOf } from '../../lib/account-health.js';
import { createActions } from '../../lib/actions.js';
import type { ConnectionTestResult, ConnectionView, QuotaStatus, RoutingStatus } from '../../lib/views.js';

/** One account of a provider: its state, and (unless the config file owns it) its controls. */
export function AccountRow(props: {
  connection: ConnectionView;
  /** A model server on this machine: no key and no quota are expected, so neither missing is worth a word. */
  local?: boolean;
  routing: RoutingStatus | undefined;
  quota: QuotaStatus | undefined;
  now: number;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const [result, setResult] = createSignal<ConnectionTestResult | null>(null);
  const [testing, setTesting] = createSignal(false);
  const c = () => props.connection;
  const readOnly = () => c().source === 'file';
  const health = () => accountHealth({ connection: c(), routing: props.routing, quota: props.quota, now: props.now });

  const test = async () => {
    setTesting(true);
    const r = await actions.run(() => client.call('connections.test', { id: c().id }));
    setTesting(false);
    if (r) setResult(r);
  };

  const setEnabled = async (enabled: boolean) => {
    if (await actions.run(() => client.call('connections.update', { id: c().id, enabled }))) props.onChanged();
  };

  return (
    <div class="flex flex-col gap-2" data-testid="account-row" data-connection-id={c().id} data-label={c().label}>
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        <div class="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
          <span class="font-medium">{c().label}</span>
          <span class="text-xs text-muted tabular-nums">{t('providers.account.priority', { n: c().priority })}</span>
          <HealthBadge health={health()} />
          <Show when={!props.local}>
            <QuotaSummary windows={quotaOf(props.quota, c().id)?.windows} />
          </Show>
          <Show when={c().baseUrl}>
            <code class="truncate text-xs text-muted" title={c().baseUrl ?? ''}>
              {c().baseUrl}
            </code>
          </Show>
          <Show when={!c().hasKey && !props.local}>
            <span class="text-xs text-warn">{t('providers.account.noKey')}</span>
          </Show>
        </div>
        <div class="flex shrink-0 flex-wrap items-center gap-1.5">
          <Show when={!readOnly()}>
            <Switch label={t('providers.account.enable', { label: c().label })} hideLabel checked={c().enabled} onChange={(v) => void setEnabled(v)} disabled={actions.busy()} testId="account-enabled" />
          </Show>
          <Button size="sm" onClick={() => void test()} disabled={testing()} data-testid="account-test">
            <FlaskConical size={13} />
            {testing() ? t('providers.account.testing') : t('providers.account.test')}
          </Button>
          <Show when={!readOnly()}>
            <EditDeleteButtons
              editLabel={t('providers.account.edit')}
              deleteLabel={t('providers.account.delete')}
              editTestId="account-edit"
              deleteTestId="account-delete"
              onEdit={() => props.onEdit()}
              confirmTitle={t('providers.account.deleteTitle', { label: c().label })}
              confirmBody={t('providers.account.deleteBody')}
              actions={actions}
              remove={() => client.call('connections.delete', { id: c().id })}
              removedMessage={t('providers.account.deleted', { label: c().label })}
              onRemoved={props.onChanged}
            />
          </Show>
        </div>
      </div>
      <Show when={result()}>{(r) => <TestResult result={r()} />}</Show>
    </div>
  );
}
