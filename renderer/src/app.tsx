import { HashRouter, Route } from '@solidjs/router';
import type { ControlClient } from './api.js';
import { ClientProvider } from './client-context.js';
import { Layout } from './components/layout.js';
import { I18nProvider } from './i18n/i18n-context.js';
import { CombosPage } from './pages/combos-page.js';
import { HealthPage } from './pages/health-page.js';
import { LogsPage } from './pages/logs-page.js';
import { PlaygroundPage } from './pages/playground-page.js';
import { QuotaPage } from './pages/quota-page.js';
import { UsagePage } from './pages/usage-page.js';
import { KeysPage } from './pages/keys-page.js';
import { OnboardingPage } from './pages/onboarding-page.js';
import { ProvidersPage } from './pages/providers-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { StatusPage } from './pages/status-page.js';

/** Hash routes: the same build runs from file:// in Electron, where no server rewrites paths. */
export function App(props: { client: ControlClient }) {
  return (
    <ClientProvider client={props.client}>
      <I18nProvider>
        <HashRouter root={Layout}>
          <Route path="/" component={StatusPage} />
          <Route path="/onboarding" component={OnboardingPage} />
          <Route path="/providers" component={ProvidersPage} />
          <Route path="/combos" component={CombosPage} />
          <Route path="/keys" component={KeysPage} />
          <Route path="/settings" component={SettingsPage} />
          <Route path="/logs" component={LogsPage} />
          <Route path="/usage" component={UsagePage} />
          <Route path="/quota" component={QuotaPage} />
          <Route path="/health" component={HealthPage} />
          <Route path="/playground" component={PlaygroundPage} />
          <Route path="*" component={StatusPage} />
        </HashRouter>
      </I18nProvider>
    </ClientProvider>
  );
}
