/**
 * Issue 10, local attackers: the control API (/api/<method>, /api/events) answers nobody but
 * a logged-in dashboard, from loopback too. Every method of the contract is tried over a raw
 * socket with no credential, a made-up session, a logged-out session, an expired one, a
 * gateway API key (a credential for the model routes, not for management), and a real session
 * without its CSRF token. The finding that opened this: config.export with includeSecrets
 * from 127.0.0.1 handed every provider key to whoever asked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTROL_METHODS } from '../../core/control/contract.js';
import { LOGIN_LINK_DIR, LOGIN_LINK_TTL_MS } from '../../core/server/login-links.js';
import { RECENT_LOGIN_MS, SESSION_FILE, SESSION_TTL_MS } from '../../core/server/management-sessions.js';
import { logIn, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';
import { rawRequest, requestHead, type RawResponse } from './wire.js';

const GATEWAY_KEY = 'gw-key-for-coding-tools';
/** Shifts the gateway's clock, to age sessions and links without waiting. */
let skewMs = 0;
let h: Harness;
let port: number;

before(async () => {
  h = await startHarness({
    extraConfig: `server:\n  apiKeys:\n    - key: ${GATEWAY_KEY}\n      label: tools\n`,
    gateway: { clock: () => Date.now() + skewMs },
  });
  port = Number(new URL(h.url).port);
});
after(async () => {
  await h?.close();
});

/** The smallest input each method accepts, so a refusal is about the credential, not the input. */
const INPUT: Record<string, unknown> = {
  'routing.reset': { all: true },
  'logs.get': { id: 'nope' },
  'backup.create': {},
  'backup.restore': { path: '/nonexistent.db' },
  'config.export': { includeSecrets: true, passphrase: 'attacker-chosen-passphrase' },
  'config.import': { document: {} },
};

function call(method: string, headers: Record<string, string>): Promise<RawResponse> {
  const body = JSON.stringify(INPUT[method] ?? {});
  return rawRequest(port, requestHead('POST', `/api/${method}`, port, { 'Content-Type': 'application/json', ...headers }, body), body);
}

function events(headers: Record<string, string>): Promise<RawResponse> {
  // A refused stream is answered and closed at once; an accepted one would stay open (timeout).
  return rawRequest(port, requestHead('GET', '/api/events', port, headers), '', 3_000);
}

function errorOf(res: RawResponse): { code: string; message: string } {
  return (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
}

async function assertEveryRouteRefused(headers: Record<string, string>, status: number, code: string, label: string): Promise<void> {
  for (const method of CONTROL_METHODS) {
    const res = await call(method, headers);
    assert.equal(res.status, status, `${label}: ${method} answered ${res.status} ${res.body}`);
    assert.equal(errorOf(res).code, code, `${label}: ${method}`);
    assert.doesNotMatch(res.body, new RegExp(UPSTREAMS['openai-chat'].apiKey), `${label}: ${method} leaked a key`);
  }
  if (status === 401) {
    const stream = await events(headers);
    assert.equal(stream.status, 401, `${label}: /api/events answered ${stream.status}`);
  }
}

test('the finding: config.export with includeSecrets from 127.0.0.1 without a credential hands out nothing', async () => {
  const res = await call('config.export', {});
  assert.equal(res.status, 401, res.body);
  assert.equal(errorOf(res).code, 'unauthenticated');
  assert.match(errorOf(res).message, /login-link/);
  assert.doesNotMatch(res.body, /sealed|ciphertext|secrets/i);
});

test('no credential: every control method and the event stream answer 401', async () => {
  await assertEveryRouteRefused({}, 401, 'unauthenticated', 'no credential');
});

test('a made-up session id, or a CSRF cookie alone, is no credential', async () => {
  await assertEveryRouteRefused({ Cookie: 'omniroute_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401, 'unauthenticated', 'made-up session');
  await assertEveryRouteRefused({ Cookie: 'omniroute_csrf=x', 'X-Omniroute-Csrf': 'x' }, 401, 'unauthenticated', 'csrf only');
});

test('a gateway API key (out of scope: it is for the model routes) is no management credential', async () => {
  const presented: Record<string, string>[] = [{ Authorization: `Bearer ${GATEWAY_KEY}` }, { 'x-api-key': GATEWAY_KEY }];
  for (const headers of presented) {
    await assertEveryRouteRefused(headers, 401, 'unauthenticated', 'gateway key');
  }
  // The same key still serves the model routes.
  const body = JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] });
  const chat = await rawRequest(port, requestHead('POST', '/v1/chat/completions', port, { 'Content-Type': 'application/json', Authorization: `Bearer ${GATEWAY_KEY}` }, body), body);
  assert.equal(chat.status, 200, chat.body);
});

test('a logged-in session without its CSRF token, or with another session\'s, is refused on every method', async () => {
  const mine = await logIn(h.gateway.loginLink());
  const other = await logIn(h.gateway.loginLink());
  await assertEveryRouteRefused({ Cookie: mine.cookie }, 403, 'forbidden', 'no csrf header');
  await assertEveryRouteRefused({ Cookie: mine.cookie, 'X-Omniroute-Csrf': other.csrf }, 403, 'forbidden', 'another session\'s csrf');
  // The event stream is a GET that changes nothing: the cookie alone opens it.
  await assert.rejects(events({ Cookie: mine.cookie }), /no complete answer/, 'the stream stays open for a session');
});

test('a real session calls every method; a logged-out one is refused again', async () => {
  const login = await logIn(h.gateway.loginLink());
  for (const method of CONTROL_METHODS) {
    const res = await call(method, loginHeaders(login));
    assert.ok(res.status !== 401 && res.status !== 403, `${method} refused a fresh session: ${res.status} ${res.body}`);
  }
  const status = await call('gateway.status', loginHeaders(login));
  assert.equal(status.status, 200, status.body);

  const out = await rawRequest(port, requestHead('POST', '/logout', port, { 'Content-Type': 'application/json', ...loginHeaders(login) }, '{}'), '{}');
  assert.equal(out.status, 204, out.body);
  assert.match(out.headers, /set-cookie: omniroute_session=; Path=\/; Max-Age=0/i);
  await assertEveryRouteRefused(loginHeaders(login), 401, 'unauthenticated', 'logged out');
});

test('an expired session is refused; sessions outlive a restart, stored only as hashes', async () => {
  const login = await logIn(h.gateway.loginLink());
  const stored = await readFile(join(h.dataDir, SESSION_FILE), 'utf8');
  assert.ok(!stored.includes(login.cookie.split(';')[0]!.split('=')[1]!), 'the session id itself is not stored');
  await h.restart();
  port = Number(new URL(h.url).port);
  assert.equal((await call('gateway.status', loginHeaders(login))).status, 200, 'the session survived the restart');
  skewMs = SESSION_TTL_MS + 1000;
  try {
    await assertEveryRouteRefused(loginHeaders(login), 401, 'unauthenticated', 'expired session');
  } finally {
    skewMs = 0;
  }
});

test('a login link works once and only for a while', async () => {
  const link = h.gateway.loginLink()!;
  await logIn(link);
  const again = await fetch(link, { redirect: 'manual' });
  assert.equal(again.status, 401);
  assert.equal(again.headers.getSetCookie().length, 0);

  const stale = h.gateway.loginLink()!;
  skewMs = LOGIN_LINK_TTL_MS + 1000;
  try {
    const res = await fetch(stale, { redirect: 'manual' });
    assert.equal(res.status, 401);
  } finally {
    skewMs = 0;
  }
  for (const token of ['', 'x', '../../etc/passwd', 'A'.repeat(43)]) {
    const res = await fetch(`${h.url}/login?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    assert.equal(res.status, 401, token);
  }
  // Only hashes are kept on disk; the link's token is in no file name or content.
  const token = new URL(h.gateway.loginLink()!).searchParams.get('token')!;
  const dir = join(h.dataDir, LOGIN_LINK_DIR);
  for (const name of await readdir(dir)) {
    assert.ok(!name.includes(token));
    assert.ok(!(await readFile(join(dir, name), 'utf8')).includes(token));
  }
});

test('key export, backup and restore need a login from the last few minutes; other methods do not', async () => {
  const login = await logIn(h.gateway.loginLink());
  skewMs = RECENT_LOGIN_MS + 1000;
  try {
    for (const method of ['config.export', 'config.import', 'backup.create', 'backup.restore']) {
      const res = await call(method, loginHeaders(login));
      assert.equal(res.status, 403, `${method}: ${res.body}`);
      assert.match(errorOf(res).message, /login/);
    }
    assert.equal((await call('gateway.status', loginHeaders(login))).status, 200);
    // A fresh link confirms it.
    const fresh = await logIn(h.gateway.loginLink());
    const res = await call('config.export', loginHeaders(fresh));
    assert.equal(res.status, 200, res.body);
  } finally {
    skewMs = 0;
  }
});

function loginHeaders(login: ManagementLogin): Record<string, string> {
  return { Cookie: login.cookie, 'X-Omniroute-Csrf': login.csrf };
}
