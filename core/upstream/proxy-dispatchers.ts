import { rootCertificates } from 'node:tls';
import { Agent, Pool, ProxyAgent, Socks5ProxyAgent, buildConnector } from 'undici';
import type { Dispatcher } from 'undici';
import { upstreamAgentOptions } from './agent-options.js';
import type { UpstreamTimeouts } from './client.js';
import { bypassesProxy } from './no-proxy.js';
import { proxyHostPort } from './proxy-url.js';
import type { ParsedProxy } from './proxy-url.js';

export interface ProxyDispatchersOptions {
  timeouts: UpstreamTimeouts;
  /**
   * PEM certificates trusted on top of Node's built-in roots, for upstream and proxy TLS
   * (a corporate proxy that inspects TLS signs with its own authority).
   */
  extraCaCerts?: string[];
}

export interface ProxyDispatchers {
  /** The dispatcher to send a request for targetUrl with: direct, or through the proxy. */
  dispatcherFor(targetUrl: string, proxy: ParsedProxy | undefined, noProxy: string): Dispatcher;
  /** Closes every pool this cache opened; the cache cannot be used afterwards. */
  close(): Promise<void>;
}

/**
 * One keep-alive dispatcher per distinct proxy (its credentials included), plus one direct
 * agent, created on first use and reused. What undici does for each kind:
 * - http:// proxy, http:// upstream: absolute-form requests (`GET http://host/path`) on a
 *   kept-alive connection to the proxy, as curl does, because common proxies (Squid's default
 *   rules) refuse CONNECT to any port but 443;
 * - http:// proxy, https:// upstream, and every https:// proxy: a CONNECT tunnel per upstream
 *   connection, TLS to the upstream inside it (and, for https://, TLS to the proxy around it);
 *   credentials go in a Basic Proxy-Authorization header;
 * - socks5:// and socks5h://: a SOCKS5 CONNECT per upstream connection, login per RFC 1929.
 *   undici sends host names to the proxy as names, so the proxy resolves them either way.
 */
export function createProxyDispatchers(options: ProxyDispatchersOptions): ProxyDispatchers {
  const { timeouts } = options;
  const ca = options.extraCaCerts?.length ? [...rootCertificates, ...options.extraCaCerts] : undefined;
  const tlsOptions = { timeout: timeouts.connectMs, ...(ca ? { ca } : {}) };
  const byProxy = new Map<string, { agent: Dispatcher; dispatcher: Dispatcher }>();
  let direct: Dispatcher | undefined;
  let closed = false;

  const directAgent = (): Dispatcher => {
    direct ??= new Agent({ ...upstreamAgentOptions(timeouts), connect: tlsOptions });
    return direct;
  };

  const proxied = (proxy: ParsedProxy): Dispatcher => {
    const key = JSON.stringify([proxy.protocol, proxy.host, proxy.port, proxy.username ?? null, proxy.password ?? null]);
    let entry = byProxy.get(key);
    if (!entry) {
      const agent = proxy.protocol === 'socks5' || proxy.protocol === 'socks5h' ? socksAgent(proxy) : httpProxyAgent(proxy);
      entry = { agent, dispatcher: withRequestTimeouts(agent, timeouts) };
      byProxy.set(key, entry);
    }
    return entry.dispatcher;
  };

  const httpProxyAgent = (proxy: ParsedProxy): Dispatcher => {
    const login = proxy.username !== undefined || proxy.password !== undefined;
    return new ProxyAgent({
      ...upstreamAgentOptions(timeouts),
      uri: `${proxy.protocol}://${proxyHostPort(proxy)}`,
      ...(login ? { token: `Basic ${Buffer.from(`${proxy.username ?? ''}:${proxy.password ?? ''}`).toString('base64')}` } : {}),
      proxyTls: tlsOptions,
      requestTls: tlsOptions,
      proxyTunnel: false,
      // The connection that asks the proxy for a tunnel: a proxy that accepts TCP but never
      // answers CONNECT is a failure to connect, so it gets the connect time limit.
      clientFactory: (origin, clientOptions) => new Pool(origin, { ...clientOptions, headersTimeout: timeouts.connectMs }),
    });
  };

  const socksAgent = (proxy: ParsedProxy): Dispatcher =>
    new Socks5ProxyAgent(`socks5://${proxyHostPort(proxy)}`, {
      ...(proxy.username !== undefined && proxy.password !== undefined ? { username: proxy.username, password: proxy.password } : {}),
      connect: buildConnector({ timeout: timeouts.connectMs }),
      ...(ca ? { requestTls: { ca } } : {}),
    });

  return {
    dispatcherFor(targetUrl, proxy, noProxy) {
      if (closed) throw new Error('The proxy dispatchers were closed; create new ones.');
      if (!proxy) return directAgent();
      let target: URL | undefined;
      try {
        target = new URL(targetUrl);
      } catch {
        target = undefined;
      }
      // An unparsable target cannot be matched against NO_PROXY; staying on the proxy the
      // user asked for is the choice that never leaks a request around it.
      return target && bypassesProxy(target, noProxy) ? directAgent() : proxied(proxy);
    },
    async close() {
      closed = true;
      const agents = [...[...byProxy.values()].map((e) => e.agent), ...(direct ? [direct] : [])];
      byProxy.clear();
      direct = undefined;
      await Promise.all(agents.map((a) => a.close()));
    },
  };
}

/**
 * The pools undici builds for absolute-form forwarding and for SOCKS5 take none of the
 * agent's timeouts, so each request carries them (undici honours per-request timeouts).
 */
function withRequestTimeouts(agent: Dispatcher, timeouts: UpstreamTimeouts): Dispatcher {
  return agent.compose((dispatch) => (opts, handler) =>
    dispatch({ ...opts, headersTimeout: opts.headersTimeout ?? timeouts.firstByteMs, bodyTimeout: opts.bodyTimeout ?? timeouts.idleMs }, handler),
  );
}
