import { For, Show } from 'solid-js';
import type { DesktopUpdateInput, NotificationKind } from '../../../../core/control/desktop-contract.js';
import { useClient } from '../../client-context.js';
import { Card } from '../../components/ui/card.js';
import { Switch } from '../../components/ui/switch.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { formatDateTime } from '../../lib/format.js';
import { createLoader } from '../../lib/loader.js';
import { NOTIFICATION_KIND_ORDER, notificationPatch } from '../../lib/desktop-prefs.js';

/**
 * The desktop app's own preferences: start at login, start minimised, update checks and
 * which notifications to show. Each switch applies at once. Under `serve` there is no
 * desktop app, and the card is not shown.
 */
export function DesktopCard() {
  const client = useClient();
  const { t, tag } = useI18n();
  const actions = createActions();
  const desktop = createLoader(() => client.call('desktop.get', {}));

  const change = async (patch: DesktopUpdateInput) => {
    await actions.run(() => client.call('desktop.update', patch), t('settings.desktop.saved'));
    await desktop.refetch();
  };

  return (
    <Show when={desktop.data()?.available ? desktop.data() : undefined}>
      {(d) => (
        <Card aria-labelledby="settings-desktop" data-testid="desktop-card">
          <h2 id="settings-desktop" class="text-[15px] font-semibold">
            {t('settings.desktop.title')}
          </h2>
          <div class="flex flex-col gap-3 py-2">
            <Switch label={t('settings.desktop.openAtLogin')} checked={d().prefs.openAtLogin} disabled={actions.busy()} onChange={(on) => void change({ openAtLogin: on })} testId="desktop-openAtLogin" />
            <Switch label={t('settings.desktop.startMinimized')} checked={d().prefs.startMinimized} disabled={actions.busy()} onChange={(on) => void change({ startMinimized: on })} testId="desktop-startMinimized" />
            <div>
              <Switch label={t('settings.desktop.checkForUpdates')} checked={d().prefs.checkForUpdates} disabled={actions.busy()} onChange={(on) => void change({ checkForUpdates: on })} testId="desktop-checkForUpdates" />
              <p class="mt-1 text-xs text-muted">{t('settings.desktop.checkForUpdatesHelp')}</p>
              <Show when={d().update}>
                {(u) => (
                  <p class="mt-1 text-xs" data-testid="desktop-update-state">
                    {u().state === 'downloaded'
                      ? t('settings.desktop.updateDownloaded', { version: u().version ?? '' })
                      : t(`settings.desktop.updateStates.${u().state}`)}
                    <Show when={u().lastCheckedAt}>{(at) => <span class="text-muted"> · {t('settings.desktop.lastChecked', { time: formatDateTime(tag(), at()) })}</span>}</Show>
                  </p>
                )}
              </Show>
            </div>
          </div>
          <h3 class="mt-2 text-[13px] font-semibold">{t('settings.desktop.notificationsTitle')}</h3>
          <div class="grid gap-2 py-2 sm:grid-cols-2">
            <For each={NOTIFICATION_KIND_ORDER}>
              {(kind: NotificationKind) => (
                <Switch
                  label={t(`settings.desktop.notifications.${kind}`)}
                  checked={d().prefs.notifications[kind]}
                  disabled={actions.busy()}
                  onChange={(on) => void change(notificationPatch(kind, on))}
                  testId={`desktop-notify-${kind}`}
                />
              )}
            </For>
          </div>
        </Card>
      )}
    </Show>
  );
}
