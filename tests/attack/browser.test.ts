/**
 * Issue 10, browser attackers: a web page must not be able to make the user's browser spend
 * the user's quota. Browsers mark their requests with Origin / Sec-Fetch-Site and can send
 * only text/plain, form and multipart bodies without a CORS preflight; API clients send
 * neither, so both are refused on every route.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute } from '../../core/server/routes.js';
import type { Route } from '../../core/server/routes.js';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';
import { logIn, type ManagementLogin } from '../fixtures/management-login.js';
import { rawRequest, requestHead } from './wire.js';

let h: Harness;
let port: number;
/** A logged-in dashboard's cookies: a page on another port of 127.0.0.1 is same-site, so the browser would send them. */
let login: ManagementLogin;

before(async () => {
  h = await startHarness();
  port = Number(new URL(h.url).port);
  login = await logIn(h.gateway.loginLink());
});
after(async () => {
  await h?.close();
});

const CHAT_BODY = JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'hi' }] });
const ANTH_BODY = JSON.stringify({ model: UPSTREAMS.anthropic.model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const GEM_BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
const RESP_BODY = JSON.stringify({ model: UPSTREAMS['openai-responses'].model, input: 'hi' });

/** One request per entry of the route table (every Route kind), with a body that would be served. */
const ROUTES: { method: string; path: string; body: string }[] = [
  { method: 'POST', path: '/v1/chat/completions', body: CHAT_BODY },
  { method: 'POST', path: '/chat/completions', body: CHAT_BODY },
  { method: 'POST', path: '/v1/responses', body: RESP_BODY },
  { method: 'POST', path: '/responses', body: RESP_BODY },
  { method: 'POST', path: '/v1/messages', body: ANTH_BODY },
  { method: 'POST', path: '/v1/messages/count_tokens', body: ANTH_BODY },
  { method: 'POST', path: `/v1beta/models/${UPSTREAMS.gemini.model}:generateContent`, body: GEM_BODY },
  { method: 'POST', path: `/v1beta/models/${UPSTREAMS.gemini.model}:streamGenerateContent`, body: GEM_BODY },
  { method: 'GET', path: '/v1/models', body: '' },
  { method: 'GET', path: '/v1beta/models', body: '' },
  { method: 'GET', path: '/models', body: '' },
  { method: 'GET', path: '/health', body: '' },
  { method: 'POST', path: '/api/gateway.status', body: '{}' },
  { method: 'GET', path: '/api/events', body: '' },
  { method: 'GET', path: '/login?token=x', body: '' },
  { method: 'POST', path: '/logout', body: '{}' },
  { method: 'GET', path: '/', body: '' },
  { method: 'GET', path: '/v1/nothing', body: '' },
];

test('the route list covers every kind of route in the route table', () => {
  const kinds = new Set<Route['kind']>(ROUTES.map((r) => matchRoute(r.method, r.path.split('?', 1)[0]!).kind));
  const all: Route['kind'][] = ['chat', 'count_tokens', 'models', 'health', 'control', 'control_events', 'login', 'logout', 'static', 'not_found'];
  assert.deepEqual([...kinds].sort(), [...all].sort());
});

test('a foreign Origin is refused on every route, and the upstream is never called', async () => {
  h.mock.reset();
  for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, 'http://localhost.evil.example']) {
    for (const r of ROUTES) {
      const headers: Record<string, string> = { Origin: origin, Cookie: login.cookie, 'X-Omniroute-Csrf': login.csrf };
      if (r.method === 'POST') headers['Content-Type'] = 'application/json';
      const res = await rawRequest(port, requestHead(r.method, r.path, port, headers, r.body), r.body);
      assert.equal(res.status, 403, `${origin} ${r.method} ${r.path}: ${res.status} ${res.body}`);
      assert.doesNotMatch(res.headers, /access-control-allow-origin/i);
    }
  }
  assert.equal(h.mock.requests.length, 0);
});

test('Sec-Fetch-Site: cross-site without an Origin is refused', async () => {
  h.mock.reset();
  for (const r of ROUTES) {
    const res = await rawRequest(port, requestHead(r.method, r.path, port, { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' }, r.body), r.body);
    assert.equal(res.status, 403, `${r.method} ${r.path}`);
  }
  assert.equal(h.mock.requests.length, 0);
});

test('text/plain, form and multipart POSTs (no preflight in a browser) are refused on every POST route, errors in the client format', async () => {
  h.mock.reset();
  const types = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'TEXT/PLAIN'];
  for (const type of types) {
    for (const r of ROUTES.filter((x) => x.method === 'POST')) {
      const res = await rawRequest(port, requestHead('POST', r.path, port, { 'Content-Type': type }, r.body), r.body);
      assert.equal(res.status, 415, `${type} ${r.path}: ${res.status} ${res.body}`);
      assert.match(res.body, /application\/json/);
    }
  }
  // No content type at all, with a body.
  for (const r of ROUTES.filter((x) => x.method === 'POST')) {
    const res = await rawRequest(port, requestHead('POST', r.path, port, {}, r.body), r.body);
    assert.equal(res.status, 415, `no type ${r.path}`);
  }
  assert.equal(h.mock.requests.length, 0);
  // Anthropic clients get an Anthropic-shaped error, Gemini clients a Gemini one.
  const anth = await rawRequest(port, requestHead('POST', '/v1/messages', port, { 'Content-Type': 'text/plain' }, ANTH_BODY), ANTH_BODY);
  assert.equal((JSON.parse(anth.body) as { type?: string }).type, 'error');
  const gem = await rawRequest(port, requestHead('POST', ROUTES[6]!.path, port, { 'Content-Type': 'text/plain' }, GEM_BODY), GEM_BODY);
  assert.equal((JSON.parse(gem.body) as { error?: { status?: string } }).error?.status !== undefined, true);
});

test('a JSON POST without Origin (what the SDKs send) is served', async () => {
  h.mock.reset();
  const res = await rawRequest(port, requestHead('POST', '/v1/chat/completions', port, { 'Content-Type': 'application/json' }, CHAT_BODY), CHAT_BODY);
  assert.equal(res.status, 200, res.body);
  assert.equal(h.mock.requests.length, 1);
  const health = await rawRequest(port, requestHead('GET', '/health', port));
  assert.equal(health.status, 200);
});

test('the dashboard origin (the Host it was served from) is served, for /api and the model routes', async () => {
  h.mock.reset();
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const head = (method: string, path: string, body: string) =>
      requestHead(method, path, port, { Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json', Cookie: login.cookie, 'X-Omniroute-Csrf': login.csrf }, body).replace(
        `Host: 127.0.0.1:${port}`,
        `Host: ${host}`,
      );
    const status = await rawRequest(port, head('POST', '/api/gateway.status', '{}'), '{}');
    assert.equal(status.status, 200, status.body);
    const chat = await rawRequest(port, head('POST', '/v1/chat/completions', CHAT_BODY), CHAT_BODY);
    assert.equal(chat.status, 200, chat.body);
  }
  assert.equal(h.mock.requests.length, 2);
});

test('an origin listed in server.allowedOrigins is served; no CORS headers are added', async () => {
  const h2 = await startHarness({ extraConfig: 'server:\n  allowedOrigins: ["http://localhost:3000"]\n' });
  try {
    const p = Number(new URL(h2.url).port);
    const ok = await rawRequest(p, requestHead('POST', '/v1/chat/completions', p, { Origin: 'http://localhost:3000', 'Content-Type': 'application/json' }, CHAT_BODY), CHAT_BODY);
    assert.equal(ok.status, 200, ok.body);
    assert.doesNotMatch(ok.headers, /access-control-allow-origin/i);
    const other = await rawRequest(p, requestHead('POST', '/v1/chat/completions', p, { Origin: 'http://localhost:3001', 'Content-Type': 'application/json' }, CHAT_BODY), CHAT_BODY);
    assert.equal(other.status, 403);
  } finally {
    await h2.close();
  }
});
