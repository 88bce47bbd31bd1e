import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { GatewayStatus, ProviderSummary } from '../lib/views.js';
import { useClient } from '../client-context.js';
import { buttonClass } from '../components/ui/button.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { CopyButton } from '../components/ui/copy-button.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { formatDateTime, formatDuration } from '../lib/format.js';
import { createLoader } from '../lib/loader.js';

interface Snapshot {
  status: GatewayStatus;
  providers: ProviderSummary[];
}

export function StatusPage() {
  const client = useClient();
  const { t, tag } = useI18n();
  const snapshot = createLoader<Snapshot>(
    async () => {
      const [status, providers] = await Promise.all([client.call('gateway.status', {}), client.call('providers.list', {})]);
      return { status, providers };
    },
    { live: true, intervalMs: 5000 },
  );

  return (
    <>
      <PageHeader title={t('status.title')} description={t('status.description')}>
        <Show when={snapshot.data()}>
          {(s) => (
            <span class="mt-1 inline-block text-xs text-muted tabular-nums" data-testid="version">
              v{s().status.version}
            </span>
          )}
        </Show>
      </PageHeader>

      <ErrorBanner message={snapshot.error()} onRetry={() => void snapshot.refetch()} />

      <Loaded loader={snapshot}>
        {(s) => (
          <div class="flex flex-col gap-4">
            <Card aria-labelledby="gateway-heading">
              <CardTitle id="gateway-heading">{t('status.gateway')}</CardTitle>
              <Show
                when={s().status.listening}
                fallback={
                  <p class="mb-3 flex items-center gap-2 font-medium text-bad" data-testid="gateway-state">
                    <span class="h-2 w-2 rounded-full bg-bad" aria-hidden="true" />
                    {t('status.notListening')}
                  </p>
                }
              >
                {(listening) => (
                  <div class="mb-4 flex flex-wrap items-center gap-3">
                    <span class="flex items-center gap-2 font-medium text-ok" data-testid="gateway-state">
                      <span class="h-2 w-2 rounded-full bg-ok" aria-hidden="true" />
                      {t('status.listening')}
                    </span>
                    <code class="rounded bg-surface-2 px-2 py-0.5 text-[13px]" data-testid="listening-url">
                      {listening().url}
                    </code>
                    <CopyButton text={listening().url} />
                  </div>
                )}
              </Show>
              <dl class="m-0 grid grid-cols-3 gap-4">
                <Stat label={t('status.providers')} value={String(s().status.providerCount)} testId="provider-count" />
                <Stat label={t('status.connections')} value={String(s().status.connectionCount)} testId="connection-count" />
                <Stat label={t('status.uptime')} value={formatDuration(s().status.uptimeMs)} />
              </dl>
            </Card>

            <Show when={s().status.connectionCount === 0}>
              <Card>
                <p class="mb-3">{t('status.setupCta')}</p>
                <A href="/onboarding" class={buttonClass('primary')}>
                  {t('status.openSetup')}
                </A>
              </Card>
            </Show>

            <Show when={(s().status.keyRejected ?? []).length > 0}>
              <Card tone="attention" aria-labelledby="rejected-heading" data-testid="key-rejected">
                <CardTitle id="rejected-heading">{t('status.rejectedTitle')}</CardTitle>
                <p class="text-muted">{t('status.rejectedBody')}</p>
                <ul class="mt-2 flex list-disc flex-col gap-1 pl-5">
                  <For each={s().status.keyRejected}>
                    {(r) => (
                      <li data-testid="key-rejected-row">
                        <code>
                          {r.provider}/{r.label}
                        </code>{' '}
                        {t('status.rejectedRow', {
                          status: r.status,
                          reason: r.status === 401 ? t('status.rejected401') : t('status.rejected403'),
                          since: formatDateTime(tag(), r.since),
                        })}
                      </li>
                    )}
                  </For>
                </ul>
              </Card>
            </Show>

            <Card aria-labelledby="providers-heading">
              <CardTitle id="providers-heading">{t('status.providersTitle')}</CardTitle>
              <Show when={s().providers.length > 0} fallback={<p class="text-muted">{t('status.noProviders')}</p>}>
                <div class="overflow-x-auto">
                  <table class="w-full border-collapse text-left">
                    <thead>
                      <tr class="border-b border-border text-xs text-muted">
                        <th scope="col" class="px-2 py-1.5 font-medium">{t('status.colId')}</th>
                        <th scope="col" class="px-2 py-1.5 font-medium">{t('status.colName')}</th>
                        <th scope="col" class="px-2 py-1.5 font-medium">{t('status.colFormat')}</th>
                        <th scope="col" class="px-2 py-1.5 text-right font-medium">{t('status.colConnections')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={s().providers}>
                        {(p) => (
                          <tr data-testid="provider-row" data-provider-id={p.id} class="border-b border-border last:border-b-0">
                            <td class="px-2 py-1.5">
                              <code>{p.id}</code>
                            </td>
                            <td class="px-2 py-1.5">{p.name}</td>
                            <td class="px-2 py-1.5">{p.format}</td>
                            <td class="px-2 py-1.5 text-right tabular-nums">{p.connectionCount}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </Card>
          </div>
        )}
      </Loaded>
    </>
  );
}

function Stat(props: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt class="text-xs text-muted">{props.label}</dt>
      <dd class="m-0 text-lg font-medium tabular-nums" data-testid={props.testId}>
        {props.value}
      </dd>
    </div>
  );
}
