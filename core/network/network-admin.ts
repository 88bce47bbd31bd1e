/**
 * The outbound proxy settings as the dashboard and /api edit them: read with passwords shown
 * as ***, set or cleared per scope (audited, never with the password), and applied to live
 * routing at once by a reload (each account's proxy is resolved then).
 */
import { AdminRefusal } from '../accounts/admin-refusal.js';
import { auditOf } from '../accounts/routing-admin-context.js';
import type { SecretStore } from '../secrets/index.js';
import type { Store } from '../store/index.js';
import { displayProxyUrl, parseProxyUrl } from '../upstream/proxy-url.js';
import type { NetworkView } from './network-contract.js';
import { readStoredProxies, setNoProxy, setProxy, storedProxy, type ProxyScope, type StoredProxies } from './proxy-settings.js';

export interface NetworkAdminDeps {
  store: Store;
  secrets: SecretStore;
  reload(): Promise<void>;
  now(): number;
  /** The environment's proxy variables, shown so the user knows what applies when nothing is set. */
  env: { HTTPS_PROXY?: string | undefined; ALL_PROXY?: string | undefined; NO_PROXY?: string | undefined };
}

export interface NetworkAdmin {
  view(): Promise<NetworkView>;
  setProxy(actor: string, scope: ProxyScope, url: string | null): Promise<NetworkView>;
  setNoProxy(actor: string, noProxy: string): Promise<NetworkView>;
}

function scopeName(scope: ProxyScope): string {
  return scope.kind === 'global' ? 'global' : `${scope.kind} ${scope.id}`;
}

export function createNetworkAdmin(deps: NetworkAdminDeps): NetworkAdmin {
  const audit = auditOf(deps);
  const shown = async (scope: ProxyScope, url: string): Promise<string> => {
    const proxy = await storedProxy(deps.secrets, scope, url);
    return proxy ? displayProxyUrl(proxy) : url;
  };
  const envProxy = (): string | null => {
    const raw = deps.env.HTTPS_PROXY || deps.env.ALL_PROXY;
    if (!raw) return null;
    const parsed = parseProxyUrl(raw);
    return parsed.ok ? displayProxyUrl(parsed.proxy) : null;
  };
  const view = async (stored?: StoredProxies): Promise<NetworkView> => {
    const s = stored ?? (await readStoredProxies(deps.store));
    const table = async (kind: 'provider' | 'connection', rows: Record<string, string>) =>
      Object.fromEntries(await Promise.all(Object.entries(rows).map(async ([id, url]) => [id, await shown({ kind, id }, url)] as const)));
    return {
      global: s.global !== undefined ? await shown({ kind: 'global' }, s.global) : null,
      providers: await table('provider', s.providers),
      connections: await table('connection', s.connections),
      noProxy: s.noProxy,
      environment: { proxy: envProxy(), noProxy: deps.env.NO_PROXY || null },
    };
  };
  return {
    view: () => view(),
    async setProxy(actor, scope, url) {
      const changed = await setProxy(deps, scope, url);
      if (!changed.ok) throw new AdminRefusal(changed.message);
      const parsed = url === null ? undefined : parseProxyUrl(url);
      await audit(actor, url === null ? 'network.proxy.clear' : 'network.proxy.set', scopeName(scope), parsed?.ok ? { proxy: displayProxyUrl(parsed.proxy) } : {});
      await deps.reload();
      return view(changed.stored);
    },
    async setNoProxy(actor, noProxy) {
      const stored = await setNoProxy(deps.store, noProxy);
      await audit(actor, 'network.noProxy.set', 'global', { noProxy: stored.noProxy });
      await deps.reload();
      return view(stored);
    },
  };
}
