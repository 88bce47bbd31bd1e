/**
 * A tiny HTTP proxy for tests, on 127.0.0.1: CONNECT tunnels (RFC 9110 §9.3.6) and
 * absolute-form forwarding of plain http requests (RFC 9112 §3.2.2), optionally behind
 * Basic proxy credentials (407 + Proxy-Authenticate otherwise, RFC 9110 §11.7.1).
 * It counts what it carries so a test can prove traffic went through it, or did not.
 */
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxiedRequest {
  /** 'connect' for a tunnel; 'absolute-form' for a plain http request the proxy forwarded. */
  kind: 'connect' | 'absolute-form';
  /** host:port the client asked for. */
  target: string;
  /** Whether the request carried acceptable credentials (always true when none are required). */
  authorized: boolean;
}

export interface TestHttpProxy {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Every CONNECT or absolute-form request, including refused ones. */
  readonly requests: readonly ProxiedRequest[];
  /** host:port of the requests that were let through. */
  readonly targets: string[];
  close(): Promise<void>;
}

export interface HttpProxyOptions {
  credentials?: { username: string; password: string };
  /** Serve the proxy itself over TLS (an https:// proxy). */
  tls?: { key: string; cert: string };
}

/** Headers that describe the hop to the proxy and must not travel on (RFC 9110 §7.6.1). */
const HOP_HEADERS = new Set(['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade']);

export async function startHttpConnectProxy(options: HttpProxyOptions = {}): Promise<TestHttpProxy> {
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Duplex>();
  let connections = 0;
  const authorized = (headers: IncomingHttpHeaders) => expected === undefined || headers['proxy-authorization'] === expected;
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('This proxy only forwards absolute-form requests.');
      return;
    }
    const ok = authorized(req.headers);
    requests.push({ kind: 'absolute-form', target: `${target.hostname}:${target.port || '80'}`, authorized: ok });
    if (!ok) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test-proxy"', 'content-length': '0' }).end();
      return;
    }
    const headers = endToEnd(req.headers);
    // agent: false, so no kept-alive upstream socket outlives close().
    const upstream = httpRequest(target, { method: req.method, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  };
  const server = options.tls ? createTlsServer(options.tls, forward) : createServer(forward);

  server.on('connection', (socket: Socket) => {
    connections += 1;
    track(socket);
  });

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = req.url ?? '';
    const ok = authorized(req.headers);
    requests.push({ kind: 'connect', target, authorized: ok });
    client.on('error', () => client.destroy());
    if (!ok) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const { host, port } = splitTarget(target);
    const upstream = netConnect({ host, port });
    track(upstream);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!established) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      else client.destroy();
    });
    client.once('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The test proxy has no TCP address.');
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    port: address.port,
    get connections() {
      return connections;
    },
    requests,
    get targets() {
      return requests.filter((r) => r.authorized).map((r) => r.target);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_HEADERS.has(name)) out[name] = value;
  return out;
}

/** host:port of a CONNECT request target, IPv6 in brackets (RFC 9110 authority-form). */
function splitTarget(target: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(target);
  return { host: match?.[1] ?? target, port: Number(match?.[2] ?? 443) };
}
