/**
 * Where the outbound proxy is set: for every upstream call (global), for one provider's
 * accounts, or for one account; the narrowest setting wins. The URLs are kept in the settings
 * table without their password; a password lives in the secret store (keychain or encrypted
 * file) under the scope's own ref, like an API key.
 */
import { z } from 'zod';
import type { SecretStore } from '../secrets/index.js';
import type { Store } from '../store/index.js';
import { parseProxyUrl, type ParsedProxy } from '../upstream/proxy-url.js';
import type { ProxyScope } from './network-contract.js';

export type { ProxyScope };

export const PROXY_SETTING = 'network.proxies';


/** Proxy URLs without passwords, by scope, and the hosts that always go direct. */
const StoredProxies = z.object({
  global: z.string().optional(),
  providers: z.record(z.string(), z.string()).default({}),
  connections: z.record(z.string(), z.string()).default({}),
  noProxy: z.string().default(''),
});
export type StoredProxies = z.infer<typeof StoredProxies>;

export const EMPTY_PROXIES: StoredProxies = { providers: {}, connections: {}, noProxy: '' };

export function proxySecretRef(scope: ProxyScope): string {
  return scope.kind === 'global' ? 'proxy:global' : `proxy:${scope.kind}:${scope.id}`;
}

/**
 * A stored proxy URL with its password from the secret store put back, parsed. (The URL alone
 * may not parse: a SOCKS5 login needs both halves.)
 */
export async function storedProxy(secrets: SecretStore, scope: ProxyScope, url: string): Promise<ParsedProxy | undefined> {
  const password = await secrets.get(proxySecretRef(scope));
  let full = url;
  if (password !== null) {
    try {
      const withPassword = new URL(url);
      withPassword.password = password;
      full = withPassword.href;
    } catch {
      return undefined;
    }
  }
  const parsed = parseProxyUrl(full);
  return parsed.ok ? parsed.proxy : undefined;
}

export async function readStoredProxies(store: Store): Promise<StoredProxies> {
  const parsed = StoredProxies.safeParse(await store.settings.get<unknown>(PROXY_SETTING));
  return parsed.success ? parsed.data : EMPTY_PROXIES;
}

function urlWithoutPassword(proxy: ParsedProxy): string {
  const user = proxy.username !== undefined ? `${encodeURIComponent(proxy.username)}@` : '';
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return `${proxy.protocol}://${user}${host}:${proxy.port}`;
}

function withScope(stored: StoredProxies, scope: ProxyScope, url: string | undefined): StoredProxies {
  const next: StoredProxies = { ...stored, providers: { ...stored.providers }, connections: { ...stored.connections } };
  if (scope.kind === 'global') {
    if (url === undefined) delete next.global;
    else next.global = url;
  } else {
    const table = scope.kind === 'provider' ? next.providers : next.connections;
    if (url === undefined) delete table[scope.id];
    else table[scope.id] = url;
  }
  return next;
}

export type ProxyChange = { ok: true; stored: StoredProxies } | { ok: false; message: string };

/** Sets (or with null clears) one scope's proxy; the password goes to the secret store only. */
export async function setProxy(deps: { store: Store; secrets: SecretStore }, scope: ProxyScope, url: string | null): Promise<ProxyChange> {
  const stored = await readStoredProxies(deps.store);
  const ref = proxySecretRef(scope);
  if (url === null) {
    await deps.secrets.delete(ref);
    const next = withScope(stored, scope, undefined);
    await deps.store.settings.set(PROXY_SETTING, next);
    return { ok: true, stored: next };
  }
  const parsed = parseProxyUrl(url);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  // What a view shows in place of a password, sent back as if it were one.
  if (parsed.proxy.password === '***') return { ok: false, message: 'The proxy password shows as *** here; type the password itself, or leave the URL without one.' };
  if (parsed.proxy.password !== undefined) await deps.secrets.set(ref, parsed.proxy.password);
  else await deps.secrets.delete(ref);
  const next = withScope(stored, scope, urlWithoutPassword(parsed.proxy));
  await deps.store.settings.set(PROXY_SETTING, next);
  return { ok: true, stored: next };
}

export async function setNoProxy(store: Store, noProxy: string): Promise<StoredProxies> {
  const next = { ...(await readStoredProxies(store)), noProxy: noProxy.trim() };
  await store.settings.set(PROXY_SETTING, next);
  return next;
}
