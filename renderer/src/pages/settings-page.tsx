import { For, Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../client-context.js';
import { Button } from '../components/ui/button.js';
import { Card } from '../components/ui/card.js';
import { ConfirmDialog } from '../components/ui/confirm-dialog.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { Loaded } from '../components/ui/loaded.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import { createLoader } from '../lib/loader.js';
import { groupOf, isLoopbackHost, shownValue, toUpdate } from '../lib/settings-draft.js';
import type { SettingKey } from '../lib/views.js';
import { DesktopCard } from './settings/desktop-card.js';
import { NetworkCard } from './settings/network-card.js';
import { SettingRow } from './settings/setting-row.js';

const GROUPS = ['server', 'routing', 'resilience', 'costs', 'requestLog'] as const;

export function SettingsPage() {
  const client = useClient();
  const { t } = useI18n();
  const actions = createActions();
  const data = createLoader(async () => {
    const [settings, catalogue] = await Promise.all([client.call('settings.get', {}), client.call('providers.catalogue', {}).catch(() => [])]);
    return { settings, providers: catalogue.map((e) => ({ id: e.id, name: e.name })) };
  });
  const [draft, setDraft] = createSignal<ReadonlyMap<SettingKey, unknown>>(new Map());
  const [hostWarning, setHostWarning] = createSignal<string | null>(null);

  const edit = (key: SettingKey, value: unknown) =>
    setDraft((d) => {
      const next = new Map(d);
      next.set(key, value);
      return next;
    });

  const grouped = createMemo(() => {
    const settings = data.data()?.settings.settings ?? [];
    const known = GROUPS.map((g) => ({ group: g as string, settings: settings.filter((s) => groupOf(s.key) === g) }));
    const rest = settings.filter((s) => !(GROUPS as readonly string[]).includes(groupOf(s.key)));
    return [...known, ...(rest.length ? [{ group: 'other', settings: rest }] : [])].filter((g) => g.settings.length > 0);
  });
  const groupTitle = (g: string) => ((GROUPS as readonly string[]).includes(g) ? t(`settings.groups.${g as (typeof GROUPS)[number]}`) : g);

  const send = async () => {
    const update = toUpdate(draft());
    if (!update.ok) return false;
    const saved = await actions.run(() => client.call('settings.update', { values: update.values }), t('settings.saved'));
    if (!saved) return false;
    setDraft(new Map());
    await data.refetch();
    return true;
  };

  const save = () => {
    const host = draft().get('server.host');
    if (typeof host === 'string' && host !== '' && !isLoopbackHost(host)) setHostWarning(host);
    else void send();
  };

  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')}>
        <Show when={data.data()}>
          {(d) => (
            <p class="mt-1 text-xs text-muted" data-testid="config-path">
              {d().settings.configPath ? t('settings.configFile', { path: d().settings.configPath ?? '' }) : t('settings.noConfigFile')}
            </p>
          )}
        </Show>
      </PageHeader>
      <ErrorBanner message={data.error()} onRetry={() => void data.refetch()} />
      <Loaded loader={data}>
        {(d) => (
          <div class="flex flex-col gap-4 pb-20">
            <DesktopCard />
            <For each={grouped()}>
              {(g) => (
                <Card aria-labelledby={`settings-${g.group}`}>
                  <h2 id={`settings-${g.group}`} class="text-[15px] font-semibold">
                    {groupTitle(g.group)}
                  </h2>
                  <For each={g.settings}>
                    {(s) => (
                      <SettingRow
                        setting={s}
                        value={shownValue(s, draft())}
                        dirty={draft().has(s.key)}
                        providers={d().providers}
                        onChange={(v) => edit(s.key, v)}
                      />
                    )}
                  </For>
                </Card>
              )}
            </For>
            <NetworkCard />
          </div>
        )}
      </Loaded>
      <Show when={draft().size > 0}>
        {/* Buttons on the left: notifications appear bottom right and must not cover them. */}
        <div class="sticky bottom-4 z-30 mx-auto flex max-w-5xl flex-wrap items-center gap-3 rounded-lg border border-accent bg-surface px-4 py-2.5 shadow-lg" data-testid="save-bar">
          <Button variant="primary" onClick={save} disabled={actions.busy() || !toUpdate(draft()).ok} data-testid="settings-save">
            {actions.busy() ? t('common.saving') : t('settings.save')}
          </Button>
          <Button onClick={() => setDraft(new Map())}>{t('settings.discard')}</Button>
          <span class="text-[13px]">{t('settings.unsaved', { count: draft().size })}</span>
        </div>
      </Show>
      <ConfirmDialog
        open={hostWarning() !== null}
        onOpenChange={(open) => !open && setHostWarning(null)}
        title={t('settings.hostWarningTitle')}
        body={t('settings.hostWarningBody', { host: hostWarning() ?? '' })}
        confirmLabel={t('settings.hostWarningConfirm', { host: hostWarning() ?? '' })}
        onConfirm={send}
      />
    </>
  );
}
