import { useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { onMount } from 'solid-js';
import { useClient } from '../client-context.js';
import { useI18n } from '../i18n/i18n-context.js';
import { loadOnboarding } from '../lib/onboarding-state.js';
import { createTheme } from '../lib/theme.js';
import { Sidebar } from './sidebar.js';
import { ToastRegion } from './ui/toast.js';

export function Layout(props: RouteSectionProps) {
  const client = useClient();
  const { t } = useI18n();
  const theme = createTheme();
  const navigate = useNavigate();
  const location = useLocation();

  // First run: with no account at all and the guide neither skipped nor finished, the app
  // opens on the guide. Only from the start page, so a link to another page is honoured.
  onMount(() => {
    if (loadOnboarding().status !== 'open' || location.pathname !== '/') return;
    client
      .call('connections.list', {})
      .then((list) => {
        if (list.length === 0 && location.pathname === '/') navigate('/onboarding', { replace: true });
      })
      .catch(() => {
        // Not logged in or unreachable: the page itself says so.
      });
  });

  return (
    <div class="flex min-h-screen flex-col md:flex-row">
      <Sidebar theme={theme.preference()} onTheme={theme.setPreference} />
      <main class="min-w-0 flex-1 px-4 py-5 md:px-8 md:py-7">
        <div class="mx-auto max-w-5xl">{props.children}</div>
      </main>
      <ToastRegion label={t('common.notifications')} />
    </div>
  );
}
