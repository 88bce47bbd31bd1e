// Proves each rule of the fake OAuth 2.0 authorization server with plain fetch, the way a
// client (or the gateway) would talk to a real one. A fake clock drives every expiry.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_GRANT, s256, startFakeAuthServer, type FakeAuthOptions, type FakeAuthServer } from './index.js';

type Json = Record<string, unknown>;

let clock = 1_700_000_000_000;
const servers: FakeAuthServer[] = [];

afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.close();
});

async function start(opts: FakeAuthOptions = {}): Promise<FakeAuthServer> {
  const server = await startFakeAuthServer({ now: () => clock, ...opts });
  servers.push(server);
  return server;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(json: Json, key: string): string {
  const value = json[key];
  assert.equal(typeof value, 'string', `${key} in ${JSON.stringify(json)}`);
  return String(value);
}

async function readJson(res: Response): Promise<{ status: number; json: Json; headers: Headers }> {
  const body: unknown = await res.json();
  assert.ok(isJson(body));
  return { status: res.status, json: body, headers: res.headers };
}

function postForm(server: FakeAuthServer, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  }).then(readJson);
}

function postJson(server: FakeAuthServer, path: string, fields: Json): Promise<{ status: number; json: Json; headers: Headers }> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) }).then(readJson);
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

const REDIRECT = 'http://127.0.0.1:53682/callback';

function authorizeUrl(server: FakeAuthServer, challenge: string, overrides: Record<string, string | undefined> = {}): string {
  const url = new URL(`${server.url}/oauth/authorize`);
  const fields: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'test-client',
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** Runs the browser step and returns the code the redirect carries. */
async function getCode(server: FakeAuthServer, challenge: string, redirectUri = REDIRECT): Promise<string> {
  const { location } = await server.browse(authorizeUrl(server, challenge, { redirect_uri: redirectUri }));
  const back = new URL(location);
  assert.equal(`${back.origin}${back.pathname}`, new URL(redirectUri).origin + new URL(redirectUri).pathname);
  assert.equal(back.searchParams.get('state'), 'st-123');
  const code = back.searchParams.get('code');
  assert.ok(code, location);
  return code;
}

async function signIn(server: FakeAuthServer): Promise<Json> {
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  const res = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: REDIRECT, code_verifier: verifier });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

function refresh(server: FakeAuthServer, refreshToken: string): Promise<{ status: number; json: Json }> {
  return postForm(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'test-client', refresh_token: refreshToken });
}

function assertOAuthError(res: { status: number; json: Json }, error: string, status = 400): void {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.error, error, JSON.stringify(res.json));
  assert.equal(typeof res.json.error_description, 'string');
}

test('PKCE code flow: the redirect carries code and state, the exchange returns opaque Bearer tokens', async () => {
  const server = await start();
  const tokens = await signIn(server);
  assert.match(str(tokens, 'access_token'), /^at_/);
  assert.match(str(tokens, 'refresh_token'), /^rt_/);
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.expires_in, 3600);
  assert.equal(tokens.scope, 'openid profile');
  assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
  assert.equal(server.tokensIssued, 1);
  const exchange = server.requests.find((r) => r.path === '/oauth/token');
  assert.equal(exchange?.body?.grant_type, 'authorization_code');
  assert.equal(typeof exchange?.body?.code_verifier, 'string', 'secrets are recorded too');
});

test('a wrong code_verifier is invalid_grant and does not consume the code', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  const base = { grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: REDIRECT };
  const wrong = await postForm(server, '/oauth/token', { ...base, code_verifier: pkce().verifier });
  assertOAuthError(wrong, 'invalid_grant');
  assert.match(String(wrong.json.error_description), /code_verifier/);
  assert.equal(wrong.headers.get('cache-control'), 'no-store');
  assertOAuthError(await postForm(server, '/oauth/token', { ...base }), 'invalid_request');
  assert.equal((await postForm(server, '/oauth/token', { ...base, code_verifier: verifier })).status, 200);
});

test('a code is single-use: reuse is invalid_grant and revokes the tokens it gave', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  const fields = { grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: REDIRECT, code_verifier: verifier };
  const first = await postForm(server, '/oauth/token', fields);
  assert.equal(first.status, 200);
  assertOAuthError(await postForm(server, '/oauth/token', fields), 'invalid_grant');
  assertOAuthError(await refresh(server, str(first.json, 'refresh_token')), 'invalid_grant');
  const me = await fetch(`${server.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${str(first.json, 'access_token')}` } });
  assert.equal(me.status, 401);
});

test('the code expires after 60 s on the server clock', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  clock += 60_000;
  const res = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: REDIRECT, code_verifier: verifier });
  assertOAuthError(res, 'invalid_grant');
  assert.match(String(res.json.error_description), /expired/);
});

test('redirect_uri at the token endpoint must equal the authorize one', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  const res = await postForm(server, '/oauth/token', {
    grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: 'http://127.0.0.1:9999/callback', code_verifier: verifier,
  });
  assertOAuthError(res, 'invalid_grant');
  assert.match(String(res.json.error_description), /redirect_uri/);
});

test('authorize refuses plain and missing PKCE by redirecting with invalid_request and state', async () => {
  const server = await start();
  for (const overrides of [{ code_challenge_method: 'plain' }, { code_challenge: undefined }, { code_challenge_method: undefined }]) {
    const { location } = await server.browse(authorizeUrl(server, pkce().challenge, overrides));
    const back = new URL(location);
    assert.equal(back.searchParams.get('error'), 'invalid_request', location);
    assert.equal(back.searchParams.get('state'), 'st-123');
    assert.equal(back.searchParams.get('code'), null);
  }
  const { location } = await server.browse(authorizeUrl(server, pkce().challenge, { response_type: 'token' }));
  assert.equal(new URL(location).searchParams.get('error'), 'unsupported_response_type');
});

test('bad client or redirect_uri answers 400 HTML and never redirects', async () => {
  const server = await start();
  const { challenge } = pkce();
  const cases = [
    { client_id: 'nobody' },
    { client_id: undefined },
    { redirect_uri: 'http://evil.example/callback' },
    { redirect_uri: undefined },
    // The port is ignored only for a loopback IP registered without one; localhost:1455 is exact.
    { redirect_uri: 'http://localhost:9999/auth/callback' },
    { redirect_uri: 'http://127.0.0.1:5000/other' },
  ];
  for (const overrides of cases) {
    const res = await fetch(authorizeUrl(server, challenge, overrides), { redirect: 'manual' });
    assert.equal(res.status, 400, JSON.stringify(overrides));
    assert.equal(res.headers.get('location'), null);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    await res.text();
  }
  // The exactly registered localhost URI, and any port on the portless loopback one, work.
  assert.ok(await getCode(server, challenge, 'http://localhost:1455/auth/callback'));
  assert.ok(await getCode(server, challenge, 'http://127.0.0.1:41234/callback'));
});

test('deny: the user refuses and authorize redirects with access_denied', async () => {
  const server = await start({ deny: true });
  const { location } = await server.browse(authorizeUrl(server, pkce().challenge));
  const back = new URL(location);
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), 'st-123');
});

test('refresh rotates; reusing a replaced refresh token revokes the whole family', async () => {
  const server = await start();
  const first = await signIn(server);
  const other = await signIn(server);
  const rt1 = str(first, 'refresh_token');
  const r2 = await refresh(server, rt1);
  assert.equal(r2.status, 200);
  const rt2 = str(r2.json, 'refresh_token');
  assert.notEqual(rt2, rt1);
  assert.notEqual(str(r2.json, 'access_token'), str(first, 'access_token'));
  const reuse = await refresh(server, rt1);
  assertOAuthError(reuse, 'invalid_grant');
  assert.match(String(reuse.json.error_description), /reuse/);
  assertOAuthError(await refresh(server, rt2), 'invalid_grant');
  const me = await fetch(`${server.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${str(r2.json, 'access_token')}` } });
  assert.equal(me.status, 401);
  assert.equal((await refresh(server, str(other, 'refresh_token'))).status, 200, 'other families are untouched');
  assert.equal(server.refreshCount, 4);
  assert.equal(server.tokensIssued, 4);
});

test('rotateRefresh: false keeps the same refresh token usable', async () => {
  const server = await start({ rotateRefresh: false });
  const rt = str(await signIn(server), 'refresh_token');
  for (let i = 0; i < 3; i += 1) {
    const res = await refresh(server, rt);
    assert.equal(res.status, 200);
    assert.equal(res.json.refresh_token, rt);
  }
});

test('refresh refuses unknown tokens, another client, a wider scope; revokeAll kills every family', async () => {
  const server = await start({ clients: [{ id: 'test-client', redirectUris: ['http://127.0.0.1/callback'] }, { id: 'other', redirectUris: ['http://127.0.0.1/cb'] }] });
  const rt = str(await signIn(server), 'refresh_token');
  assertOAuthError(await refresh(server, 'rt_nope'), 'invalid_grant');
  assertOAuthError(await postForm(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'other', refresh_token: rt }), 'invalid_grant');
  assertOAuthError(await postForm(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'test-client', refresh_token: rt, scope: 'openid admin' }), 'invalid_scope');
  assertOAuthError(await postForm(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'ghost', refresh_token: rt }), 'invalid_client', 401);
  assertOAuthError(await postForm(server, '/oauth/token', { grant_type: 'password', client_id: 'test-client' }), 'unsupported_grant_type');
  const narrowed = await postForm(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'test-client', refresh_token: rt, scope: 'openid' });
  assert.equal(narrowed.json.scope, 'openid');
  const a = await signIn(server);
  server.revokeAll();
  assertOAuthError(await refresh(server, str(narrowed.json, 'refresh_token')), 'invalid_grant');
  assertOAuthError(await refresh(server, str(a, 'refresh_token')), 'invalid_grant');
});

test('JSON and form token requests are both accepted; other bodies are invalid_request', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  const code = await getCode(server, challenge);
  const res = await postJson(server, '/oauth/token', { grant_type: 'authorization_code', client_id: 'test-client', code, redirect_uri: REDIRECT, code_verifier: verifier, state: 'st-123' });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const viaJson = await postJson(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'test-client', refresh_token: str(res.json, 'refresh_token') });
  assert.equal(viaJson.status, 200);
  assert.equal(server.requests.at(-1)?.body?.grant_type, 'refresh_token');
  const text = await fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'grant_type=refresh_token' }).then(readJson);
  assertOAuthError(text, 'invalid_request');
  assertOAuthError(await postJson(server, '/oauth/token', { grant_type: 'refresh_token', client_id: 'test-client', refresh_token: 5 }), 'invalid_request');
  const repeated = await fetch(`${server.url}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&client_id=test-client&refresh_token=a&refresh_token=b',
  }).then(readJson);
  assertOAuthError(repeated, 'invalid_request');
  assert.equal((await fetch(`${server.url}/oauth/token`)).status, 405);
});

test('a confidential client must authenticate, in the body or with HTTP Basic', async () => {
  const server = await start({ clients: [{ id: 'conf', secret: 's3cret', redirectUris: ['http://127.0.0.1/callback'] }] });
  const fields = { grant_type: 'refresh_token', refresh_token: 'rt_x' };
  assertOAuthError(await postForm(server, '/oauth/token', { ...fields, client_id: 'conf' }), 'invalid_client', 401);
  assertOAuthError(await postForm(server, '/oauth/token', { ...fields, client_id: 'conf', client_secret: 's3cret' }), 'invalid_grant');
  const basic = `Basic ${Buffer.from('conf:s3cret').toString('base64')}`;
  assertOAuthError(await postForm(server, '/oauth/token', fields, { authorization: basic }), 'invalid_grant');
});

test('accessTtlSec and extraTokenFields shape the token response', async () => {
  const server = await start({ accessTtlSec: 120, extraTokenFields: { account: { email_address: 'x@y.z' } } });
  const tokens = await signIn(server);
  assert.equal(tokens.expires_in, 120);
  assert.deepEqual(tokens.account, { email_address: 'x@y.z' });
});

async function startDevice(server: FakeAuthServer, extra: Record<string, string> = {}): Promise<Json> {
  const res = await postForm(server, '/oauth/device/code', { client_id: 'test-client', scope: 'openid', ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

function poll(server: FakeAuthServer, deviceCode: string, extra: Record<string, string> = {}): Promise<{ status: number; json: Json }> {
  return postForm(server, '/oauth/token', { grant_type: DEVICE_GRANT, client_id: 'test-client', device_code: deviceCode, ...extra });
}

test('device grant: pending, slow_down with a growing interval, then approved once', async () => {
  const server = await start();
  const device = await startDevice(server);
  assert.match(str(device, 'user_code'), /^[A-Z]{4}-[A-Z]{4}$/);
  assert.equal(device.verification_uri, `${server.url}/oauth/device`);
  assert.equal(device.verification_uri_complete, `${server.url}/oauth/device?user_code=${str(device, 'user_code')}`);
  assert.equal(device.expires_in, 600);
  assert.equal(device.interval, 5);
  const deviceCode = str(device, 'device_code');
  assertOAuthError(await poll(server, deviceCode), 'authorization_pending');
  clock += 4_000;
  assertOAuthError(await poll(server, deviceCode), 'slow_down');
  clock += 5_000; // 5 s is no longer enough: the interval is now 10 s
  assertOAuthError(await poll(server, deviceCode), 'slow_down');
  clock += 15_000; // the interval grew again, to 15 s
  assertOAuthError(await poll(server, deviceCode), 'authorization_pending');
  server.approveDevice(str(device, 'user_code').toLowerCase());
  clock += 15_000;
  const tokens = await poll(server, deviceCode);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  assert.match(str(tokens.json, 'access_token'), /^at_/);
  assert.equal(tokens.json.scope, 'openid');
  clock += 15_000;
  assertOAuthError(await poll(server, deviceCode), 'invalid_grant');
  assert.throws(() => server.approveDevice('ZZZZ-ZZZZ'), /unknown user code/);
});

test('device grant: expired_token after expires_in, access_denied when denied', async () => {
  const server = await start({ deviceExpiresSec: 30, deviceInterval: 1 });
  const expiring = await startDevice(server);
  assert.equal(expiring.expires_in, 30);
  clock += 30_000;
  assertOAuthError(await poll(server, str(expiring, 'device_code')), 'expired_token');
  const denied = await startDevice(server);
  server.denyDevice(str(denied, 'user_code'));
  assertOAuthError(await poll(server, str(denied, 'device_code')), 'access_denied');
});

test('device grant with a PKCE challenge (Qwen) requires the matching verifier', async () => {
  const server = await start();
  const { verifier, challenge } = pkce();
  assertOAuthError(await postForm(server, '/oauth/device/code', { client_id: 'test-client', code_challenge: challenge, code_challenge_method: 'plain' }), 'invalid_request');
  assertOAuthError(await postForm(server, '/oauth/device/code', { client_id: 'nobody' }), 'invalid_client', 401);
  const device = await startDevice(server, { code_challenge: challenge, code_challenge_method: 'S256' });
  server.approveDevice(str(device, 'user_code'));
  const deviceCode = str(device, 'device_code');
  assertOAuthError(await poll(server, deviceCode), 'invalid_request');
  assertOAuthError(await poll(server, deviceCode, { code_verifier: pkce().verifier }), 'invalid_grant');
  assert.equal((await poll(server, deviceCode, { code_verifier: verifier })).status, 200);
});

test('userinfo answers the email for a live token and 401 for unknown or expired ones', async () => {
  const server = await start({ email: 'me@example.org', accessTtlSec: 60 });
  const token = str(await signIn(server), 'access_token');
  const me = await fetch(`${server.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } }).then(readJson);
  assert.equal(me.status, 200);
  assert.deepEqual(me.json, { email: 'me@example.org' });
  const unknown = await fetch(`${server.url}/oauth/userinfo`, { headers: { authorization: 'Bearer at_nope' } });
  assert.equal(unknown.status, 401);
  assert.match(unknown.headers.get('www-authenticate') ?? '', /invalid_token/);
  await unknown.text();
  clock += 60_000;
  const expired = await fetch(`${server.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(expired.status, 401);
  await expired.text();
  const defaults = await start();
  const t = str(await signIn(defaults), 'access_token');
  assert.deepEqual((await fetch(`${defaults.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${t}` } }).then(readJson)).json, { email: 'dev@example.com' });
});

test('the server imports only its own modules and node: built-ins, never core/', () => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)) {
      const spec = m[1] ?? '';
      assert.ok((spec.startsWith('./') || spec.startsWith('node:')) && !/\bcore\b/.test(spec), `${file} imports ${spec}`);
    }
  }
});
