/**
 * A fake OAuth 2.0 authorization server for tests, strict like a real one:
 *   GET  /oauth/authorize     code flow with mandatory S256 PKCE (RFC 6749 §4.1, RFC 7636), authorize.ts
 *   POST /oauth/token         authorization_code, refresh_token with rotation and reuse
 *                             detection, device_code polling (token-endpoint.ts); form or JSON bodies
 *   POST /oauth/device/code   device authorization (RFC 8628), device.ts
 *   GET  /oauth/device        the verification page the device flow points the user at
 *   GET  /oauth/userinfo      { email } for a live Bearer access token, userinfo.ts
 * It is an independent model of a real server and imports nothing from core/, so a bug in
 * the gateway's OAuth client cannot be mirrored here. Every expiry and polling check reads
 * opts.now, so tests can move a fake clock instead of waiting.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { authorize, type AuthorizationCode } from './authorize.js';
import { DEFAULT_CLIENT, identifyClient } from './clients.js';
import { DeviceStore } from './device.js';
import { parseBody, recordBody } from './params.js';
import { sendError, sendHtml, sendJson, sendRedirect } from './respond.js';
import { tokenRequest, type TokenContext } from './token-endpoint.js';
import { TokenStore } from './tokens.js';
import type { FakeAuthOptions, FakeAuthServer, RecordedAuthRequest } from './types.js';
import { userinfo } from './userinfo.js';

export type { FakeAuthOptions, FakeAuthServer, RecordedAuthRequest, RegisteredClient } from './types.js';
export { DEFAULT_CLIENT } from './clients.js';
export { s256 } from './pkce.js';
export { CODE_TTL_MS } from './authorize.js';
export { DEVICE_GRANT } from './token-endpoint.js';

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export async function startFakeAuthServer(opts: FakeAuthOptions = {}): Promise<FakeAuthServer> {
  const now = opts.now ?? Date.now;
  const clients = opts.clients ?? [DEFAULT_CLIENT];
  const requests: RecordedAuthRequest[] = [];
  const codes = new Map<string, AuthorizationCode>();
  const tokens = new TokenStore({
    now,
    accessTtlSec: opts.accessTtlSec ?? 3600,
    rotateRefresh: opts.rotateRefresh ?? true,
    extraTokenFields: opts.extraTokenFields ?? {},
  });
  const devices = new DeviceStore({ now, expiresSec: opts.deviceExpiresSec ?? 600, intervalSec: opts.deviceInterval ?? 5 });
  const tokenContext: TokenContext = { clients, codes, tokens, devices, now };
  let refreshCount = 0;
  let url = '';

  function onPost(req: IncomingMessage, res: ServerResponse, path: string, text: string): void {
    const parsed = parseBody(req.headers['content-type'], text);
    if (!parsed.ok) return sendError(res, parsed.error);
    if (path === '/oauth/token') {
      if (parsed.value.get('grant_type') === 'refresh_token') refreshCount += 1;
      const answer = tokenRequest(parsed.value, req.headers.authorization, tokenContext);
      return answer.ok ? sendJson(res, 200, answer.value) : sendError(res, answer.error);
    }
    const client = identifyClient(clients, parsed.value, req.headers.authorization);
    if (!client.ok) return sendError(res, client.error);
    const answer = devices.start(client.value, parsed.value, url);
    return answer.ok ? sendJson(res, 200, answer.value) : sendError(res, answer.error);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readText(req);
    const method = req.method ?? 'GET';
    requests.push({
      method,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: flatHeaders(req),
      body: recordBody(req.headers['content-type'], text),
      rawBody: text,
    });
    const route = `${method} ${target.pathname}`;
    switch (route) {
      case 'GET /oauth/authorize': {
        const answer = authorize(target.searchParams, { clients, codes, deny: opts.deny === true, now });
        return answer.kind === 'redirect' ? sendRedirect(res, answer.location) : sendHtml(res, answer.status, answer.title, answer.message);
      }
      case 'POST /oauth/token':
      case 'POST /oauth/device/code':
        return onPost(req, res, target.pathname, text);
      case 'GET /oauth/device':
        return sendHtml(res, 200, 'Device sign-in', 'Enter the code shown on your device.');
      case 'GET /oauth/userinfo':
        return userinfo(req, res, tokens, opts.email ?? 'dev@example.com');
    }
    if (['/oauth/authorize', '/oauth/token', '/oauth/device/code', '/oauth/device', '/oauth/userinfo'].includes(target.pathname)) {
      // RFC 6749 §3.2: the token endpoint is POST only; the others have one method each too.
      return sendJson(res, 405, { error: 'invalid_request', error_description: `${method} is not allowed on ${target.pathname}` });
    }
    sendJson(res, 404, { error: 'not_found', error_description: `no route ${route}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(err) });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake auth server did not bind a TCP port');
  url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    requests,
    get refreshCount() {
      return refreshCount;
    },
    get tokensIssued() {
      return tokens.issued;
    },
    async browse(authorizeUrl) {
      const res = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || location === null) {
        throw new Error(`authorize answered ${res.status} without a redirect: ${await res.text()}`);
      }
      await res.body?.cancel();
      return { location };
    },
    approveDevice: (userCode) => devices.decide(userCode, 'approved'),
    denyDevice: (userCode) => devices.decide(userCode, 'denied'),
    revokeAll: () => tokens.revokeAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
