/**
 * The services behind the set-up methods (catalogue and custom providers, account tests,
 * combos, aliases, settings), built over the gateway's store and live state. The gateway
 * hands in how to reach its runtime and gets the control dependencies back.
 */
import { createAliasAdmin } from './accounts/alias-admin.js';
import { createComboAdmin } from './accounts/combo-admin.js';
import { testConnection } from './accounts/connection-test.js';
import { createProviderAdmin } from './accounts/provider-admin.js';
import type { MemberContext } from './config/combo-members.js';
import type { SetupControlDeps } from './control/setup-handlers.js';
import { fetchModelList } from './providers/model-list-fetch.js';
import type { ProviderDescriptor } from './providers/types.js';
import type { RuntimeConnection } from './routing/route-table.js';
import type { AppSettings } from './settings/app-settings.js';
import type { Store } from './store/index.js';
import type { UpstreamClient } from './upstream/client.js';
import { accountBaseUrl } from './upstream/target.js';

const MODEL_LIST_TIMEOUT_MS = 30_000;

export interface SetupServicesDeps {
  store: Store;
  settings: AppSettings;
  /** The providers and every account with its key (disabled ones too), as last loaded. */
  runtime(): { providers: readonly ProviderDescriptor[]; connections: readonly RuntimeConnection[] };
  builtinIds: ReadonlySet<string>;
  upstream: UpstreamClient;
  reload(): Promise<void>;
  now(): number;
  configPath?: string | undefined;
}

export function createSetupServices(deps: SetupServicesDeps): SetupControlDeps {
  const { store } = deps;
  const members = async (): Promise<MemberContext> => {
    const labels = new Map<string, Set<string>>();
    for (const c of await store.connections.list()) labels.set(c.providerId, (labels.get(c.providerId) ?? new Set()).add(c.label));
    return { providerIds: new Set(deps.runtime().providers.map((p) => p.id)), labels };
  };
  const base = { store, members, reload: deps.reload, now: deps.now, configPath: deps.configPath };
  const withProvider = (connection: RuntimeConnection) => {
    const provider = deps.runtime().providers.find((p) => p.id === connection.providerId);
    return provider ? { connection, provider } : undefined;
  };
  const combos = createComboAdmin(base);
  const aliases = createAliasAdmin(base);
  const providers = createProviderAdmin({
    ...base,
    settings: store.settings,
    providers: () => deps.runtime().providers,
    builtinIds: deps.builtinIds,
    disabledProviders: () => (deps.settings.value('routing.disabledProviders') as string[] | undefined) ?? [],
    async listModels(providerId) {
      // The best-placed account with a key reads the list; a disabled one can still read it.
      const account = [...deps.runtime().connections].filter((c) => c.providerId === providerId).sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.priority - b.priority)[0];
      const found = account && withProvider(account);
      if (!found) return undefined;
      const { connection } = found;
      return fetchModelList({
        ...found,
        baseUrl: connection.baseUrl,
        apiKey: connection.apiKey,
        signal: AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS),
        now: deps.now,
        dispatcher: deps.upstream.dispatcherFor(accountBaseUrl(found.provider, connection.baseUrl), connection.proxy),
      });
    },
  });
  return {
    providers,
    combos,
    aliases,
    settings: deps.settings,
    testConnection: (input) =>
      testConnection(
        {
          connection: (id) => {
            const account = deps.runtime().connections.find((c) => c.id === id);
            return account && withProvider(account);
          },
          upstream: deps.upstream,
          now: deps.now,
        },
        input,
      ),
  };
}
