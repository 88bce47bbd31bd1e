/**
 * Which proxy each account's calls take, read once per reload (never per request): the
 * account's own setting, else its provider's, else the global one, else the HTTPS_PROXY /
 * ALL_PROXY environment a server's admin set. A model server on this machine is never sent
 * through a global or environment proxy (a remote proxy cannot reach this host's loopback),
 * only through one set for it by name. A setting that no longer parses (a SOCKS5 login whose
 * password is gone from the secret store, as after a restore on another machine) is skipped
 * rather than sent without its login.
 */
import type { SecretStore } from '../secrets/index.js';
import { parseProxyUrl, type ParsedProxy } from '../upstream/proxy-url.js';
import { storedProxy, type ProxyScope, type StoredProxies } from './proxy-settings.js';

export interface ProxyEnvironment {
  HTTPS_PROXY?: string | undefined;
  https_proxy?: string | undefined;
  ALL_PROXY?: string | undefined;
  all_proxy?: string | undefined;
  NO_PROXY?: string | undefined;
  no_proxy?: string | undefined;
}

export interface ResolvedProxies {
  /** The proxy for one account, or undefined to connect directly. */
  forConnection(connection: { id: string; providerId: string }, local: boolean): ParsedProxy | undefined;
  /** Hosts that always go direct: the setting, else the NO_PROXY environment. */
  noProxy: string;
}

function withPassword(secrets: SecretStore, scope: ProxyScope, url: string | undefined): Promise<ParsedProxy | undefined> {
  return url === undefined ? Promise.resolve(undefined) : storedProxy(secrets, scope, url);
}

export async function resolveProxies(stored: StoredProxies, secrets: SecretStore, env: ProxyEnvironment): Promise<ResolvedProxies> {
  const global = await withPassword(secrets, { kind: 'global' }, stored.global);
  const envUrl = env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy;
  const envParsed = envUrl ? parseProxyUrl(envUrl) : undefined;
  const fallback = global ?? (envParsed?.ok ? envParsed.proxy : undefined);
  const providers = new Map<string, ParsedProxy | undefined>();
  for (const [id, url] of Object.entries(stored.providers)) providers.set(id, await withPassword(secrets, { kind: 'provider', id }, url));
  const connections = new Map<string, ParsedProxy | undefined>();
  for (const [id, url] of Object.entries(stored.connections)) connections.set(id, await withPassword(secrets, { kind: 'connection', id }, url));
  return {
    forConnection(connection, local) {
      return connections.get(connection.id) ?? providers.get(connection.providerId) ?? (local ? undefined : fallback);
    },
    noProxy: stored.noProxy || env.NO_PROXY || env.no_proxy || '',
  };
}
