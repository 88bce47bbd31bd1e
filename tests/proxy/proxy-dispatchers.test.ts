/**
 * The proxy layer against real (tiny) proxies on 127.0.0.1: which path each request takes,
 * credentials, NO_PROXY, connection reuse, and clean failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { errors, request } from 'undici';
import type { UpstreamTimeouts } from '../../core/upstream/client.js';
import { createProxyDispatchers } from '../../core/upstream/proxy-dispatchers.js';
import type { ProxyDispatchers } from '../../core/upstream/proxy-dispatchers.js';
import { parseProxyUrl } from '../../core/upstream/proxy-url.js';
import type { ParsedProxy } from '../../core/upstream/proxy-url.js';
import { startHttpConnectProxy } from './http-connect-proxy.js';
import type { TestHttpProxy } from './http-connect-proxy.js';
import { makeSelfSignedCert } from './self-signed-cert.js';
import { startSocks5Proxy } from './socks5-proxy.js';
import type { TestSocks5Proxy } from './socks5-proxy.js';

const TIMEOUTS: UpstreamTimeouts = { connectMs: 800, firstByteMs: 5_000, idleMs: 5_000, streamTotalMs: 10_000 };
const LOGIN = { username: 'alice', password: 'p@ss word' };
const cert = makeSelfSignedCert();

interface Seen {
  url: string;
  host: string;
  proxyAuthorization: string | null;
}

let upstreamHits = 0;
let upstreamUrl = '';
let httpsUpstreamUrl = '';
const servers: { close(): unknown }[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  upstreamHits += 1;
  const seen: Seen = { url: req.url ?? '', host: req.headers.host ?? '', proxyAuthorization: req.headers['proxy-authorization'] ?? null };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(seen));
}

function portOf(server: NetServer): number {
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

async function listen<T extends NetServer>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return server;
}

before(async () => {
  upstreamUrl = `http://127.0.0.1:${portOf(await listen(createServer(answer)))}/v1/models?x=1`;
  httpsUpstreamUrl = `https://127.0.0.1:${portOf(await listen(createHttpsServer(cert, answer)))}/v1/models?x=1`;
});

after(async () => {
  for (const server of servers) server.close();
});

function proxyOf(url: string): ParsedProxy {
  const result = parseProxyUrl(url);
  if (!result.ok) throw new Error(result.message);
  return result.proxy;
}

function withLogin(url: string, login: { username: string; password: string }): string {
  return url.replace('://', `://${encodeURIComponent(login.username)}:${encodeURIComponent(login.password)}@`);
}

async function fetchVia(dispatchers: ProxyDispatchers, url: string, proxy: ParsedProxy | undefined, noProxy = ''): Promise<Seen> {
  const res = await request(url, { dispatcher: dispatchers.dispatcherFor(url, proxy, noProxy) });
  assert.equal(res.statusCode, 200);
  const body: unknown = await res.body.json();
  assert.ok(typeof body === 'object' && body !== null && 'url' in body && 'host' in body && 'proxyAuthorization' in body);
  return { url: String(body.url), host: String(body.host), proxyAuthorization: body.proxyAuthorization === null ? null : String(body.proxyAuthorization) };
}

/** Lets undici put a finished connection back in its pool before the next request. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function withProxies<T>(
  run: (ctx: { dispatchers: ProxyDispatchers; http: TestHttpProxy; socks: TestSocks5Proxy }) => Promise<T>,
): Promise<T> {
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS, extraCaCerts: [cert.cert] });
  const http = await startHttpConnectProxy();
  const socks = await startSocks5Proxy();
  try {
    return await run({ dispatchers, http, socks });
  } finally {
    await dispatchers.close();
    await http.close();
    await socks.close();
  }
}

test('with no proxy set, requests go direct and no proxy sees a connection', () =>
  withProxies(async ({ dispatchers, http, socks }) => {
    const before = upstreamHits;
    const seen = await fetchVia(dispatchers, upstreamUrl, undefined);
    assert.equal(seen.url, '/v1/models?x=1');
    assert.equal(upstreamHits, before + 1);
    assert.equal(http.connections, 0);
    assert.equal(socks.connections, 0);
  }));

test('an HTTP proxy carries a plain http request in absolute form and keeps its connection', () =>
  withProxies(async ({ dispatchers, http }) => {
    const proxy = proxyOf(http.url);
    const first = await fetchVia(dispatchers, upstreamUrl, proxy);
    await settle();
    const second = await fetchVia(dispatchers, upstreamUrl, proxy);
    const port = new URL(upstreamUrl).port;
    assert.equal(first.url, '/v1/models?x=1');
    assert.equal(first.host, `127.0.0.1:${port}`);
    assert.deepEqual(second, first);
    assert.deepEqual(http.requests.map((r) => r.kind), ['absolute-form', 'absolute-form']);
    assert.deepEqual(http.targets, [`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
    assert.equal(http.connections, 1, 'the second request reuses the kept-alive connection to the proxy');
  }));

test('an HTTP proxy that wants a login: refused without or with a wrong one, carried with the right one', async () => {
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS });
  const http = await startHttpConnectProxy({ credentials: LOGIN });
  try {
    const refused = (err: unknown) => err instanceof errors.InvalidArgumentError && /Proxy Authentication Required \(407\)/.test(err.message);
    await assert.rejects(fetchVia(dispatchers, upstreamUrl, proxyOf(http.url)), refused);
    await assert.rejects(fetchVia(dispatchers, upstreamUrl, proxyOf(withLogin(http.url, { ...LOGIN, password: 'nope' }))), refused);
    const seen = await fetchVia(dispatchers, upstreamUrl, proxyOf(withLogin(http.url, LOGIN)));
    assert.equal(seen.proxyAuthorization, null, 'the proxy login stops at the proxy');
    assert.deepEqual(http.requests.map((r) => r.authorized), [false, false, true]);
  } finally {
    await dispatchers.close();
    await http.close();
  }
});

test('a SOCKS5 proxy without login carries the request; host names go to the proxy as names', () =>
  withProxies(async ({ dispatchers, socks }) => {
    const proxy = proxyOf(socks.url);
    const port = new URL(upstreamUrl).port;
    await fetchVia(dispatchers, upstreamUrl, proxy);
    await settle();
    await fetchVia(dispatchers, upstreamUrl, proxy);
    assert.equal(socks.connections, 1, 'the second request reuses the tunnelled connection');
    const byName = upstreamUrl.replace('127.0.0.1', 'localhost');
    const seen = await fetchVia(dispatchers, byName, proxyOf(socks.url.replace('socks5:', 'socks5h:')));
    assert.equal(seen.host, `localhost:${port}`);
    assert.deepEqual(socks.targets, [`127.0.0.1:${port}`, `localhost:${port}`]);
    assert.deepEqual(socks.addressTypes, ['ipv4', 'domain']);
  }));

test('a SOCKS5 proxy with RFC 1929 login: right password carried, wrong or missing login fails fast', async () => {
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS });
  const socks = await startSocks5Proxy({ credentials: LOGIN });
  try {
    await fetchVia(dispatchers, upstreamUrl, proxyOf(withLogin(socks.url, LOGIN)));
    assert.equal(socks.targets.length, 1);

    const started = Date.now();
    await assert.rejects(
      fetchVia(dispatchers, upstreamUrl, proxyOf(withLogin(socks.url, { ...LOGIN, password: 'wrong' }))),
      (err: unknown) => err instanceof errors.Socks5ProxyError && err.code === 'UND_ERR_SOCKS5_AUTH_FAILED',
    );
    await assert.rejects(
      fetchVia(dispatchers, upstreamUrl, proxyOf(socks.url)),
      (err: unknown) => err instanceof errors.Socks5ProxyError && err.code === 'UND_ERR_SOCKS5_AUTH_REJECTED',
    );
    assert.ok(Date.now() - started < 2_000, 'refusals arrive at once, not after a time-out');
    assert.equal(socks.failedLogins, 1);
    assert.equal(socks.targets.length, 1);
  } finally {
    await dispatchers.close();
    await socks.close();
  }
});

test('a URL matched by NO_PROXY goes direct; others still use the proxy', () =>
  withProxies(async ({ dispatchers, http, socks }) => {
    for (const proxy of [proxyOf(http.url), proxyOf(socks.url)]) {
      const before = upstreamHits;
      await fetchVia(dispatchers, upstreamUrl, proxy, 'example.com, 127.0.0.0/8');
      assert.equal(upstreamHits, before + 1);
    }
    assert.equal(http.connections, 0);
    assert.equal(socks.connections, 0);
    await fetchVia(dispatchers, upstreamUrl, proxyOf(http.url), 'example.com,localhost');
    assert.equal(http.requests.length, 1);
  }));

test('one dispatcher per distinct proxy URL, logins included; close() ends the cache', async () => {
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS });
  const a = proxyOf('http://127.0.0.1:9');
  const direct = dispatchers.dispatcherFor(upstreamUrl, undefined, '');
  assert.equal(dispatchers.dispatcherFor('https://api.example.com/', undefined, ''), direct);
  assert.equal(dispatchers.dispatcherFor(upstreamUrl, a, '*'), direct);
  const viaA = dispatchers.dispatcherFor(upstreamUrl, a, '');
  assert.notEqual(viaA, direct);
  assert.equal(dispatchers.dispatcherFor('https://other.example.com/', proxyOf('http://127.0.0.1:9'), ''), viaA);
  assert.notEqual(dispatchers.dispatcherFor(upstreamUrl, proxyOf('http://u:p@127.0.0.1:9'), ''), viaA);
  assert.notEqual(dispatchers.dispatcherFor(upstreamUrl, proxyOf('socks5://127.0.0.1:9'), ''), viaA);
  await dispatchers.close();
  assert.throws(() => dispatchers.dispatcherFor(upstreamUrl, undefined, ''), /closed/);
});

test('an unreachable proxy fails at once with the connect error', () =>
  withProxies(async ({ dispatchers }) => {
    for (const url of ['http://127.0.0.1:1', 'socks5://127.0.0.1:1']) {
      await assert.rejects(fetchVia(dispatchers, upstreamUrl, proxyOf(url)), (err: unknown) => err instanceof Error && 'code' in err && err.code === 'ECONNREFUSED');
    }
  }));

test('a proxy that accepts TCP but never answers CONNECT fails within the connect time limit', async () => {
  const silent = await listen(createNetServer((socket) => socket.on('data', () => undefined)));
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS });
  try {
    const started = Date.now();
    const tlsTarget = `https://127.0.0.1:${portOf(silent)}/`;
    await assert.rejects(fetchVia(dispatchers, tlsTarget, proxyOf(`http://127.0.0.1:${portOf(silent)}`)), errors.HeadersTimeoutError);
    assert.ok(Date.now() - started < TIMEOUTS.connectMs + 1_000);
  } finally {
    await dispatchers.close();
  }
});

test('https upstreams are tunnelled with CONNECT through http and https proxies and through SOCKS5', async () => {
  const dispatchers = createProxyDispatchers({ timeouts: TIMEOUTS, extraCaCerts: [cert.cert] });
  const http = await startHttpConnectProxy({ credentials: LOGIN });
  const https = await startHttpConnectProxy({ tls: cert });
  const socks = await startSocks5Proxy({ credentials: LOGIN });
  try {
    const port = new URL(httpsUpstreamUrl).port;
    await assert.rejects(
      fetchVia(dispatchers, httpsUpstreamUrl, proxyOf(http.url)),
      (err: unknown) => err instanceof errors.RequestAbortedError && /Proxy response \(407\)/.test(err.message),
    );
    const seen = await fetchVia(dispatchers, httpsUpstreamUrl, proxyOf(withLogin(http.url, LOGIN)));
    assert.equal(seen.url, '/v1/models?x=1');
    assert.equal(seen.proxyAuthorization, null);
    assert.deepEqual(http.requests.map((r) => [r.kind, r.target, r.authorized]), [
      ['connect', `127.0.0.1:${port}`, false],
      ['connect', `127.0.0.1:${port}`, true],
    ]);

    await fetchVia(dispatchers, httpsUpstreamUrl, proxyOf(https.url));
    // Over a TLS proxy even a plain http upstream is tunnelled: undici sends absolute form only to http:// proxies.
    await fetchVia(dispatchers, upstreamUrl, proxyOf(https.url));
    assert.deepEqual(https.requests.map((r) => r.kind), ['connect', 'connect']);

    await fetchVia(dispatchers, httpsUpstreamUrl, proxyOf(withLogin(socks.url, LOGIN)));
    assert.deepEqual(socks.targets, [`127.0.0.1:${port}`]);
  } finally {
    await dispatchers.close();
    await http.close();
    await https.close();
    await socks.close();
  }
});

test('without the extra authority a self-signed upstream is refused through the tunnel too', () =>
  withProxies(async ({ http }) => {
    const strict = createProxyDispatchers({ timeouts: TIMEOUTS });
    try {
      await assert.rejects(fetchVia(strict, httpsUpstreamUrl, proxyOf(http.url)), (err: unknown) => err instanceof Error && 'code' in err && err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      await strict.close();
    }
  }));
