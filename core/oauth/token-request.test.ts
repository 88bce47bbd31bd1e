import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeCode, refreshToken } from './token-request.js';
import { json, startScriptedEndpoint, type ScriptedAnswer } from './scripted-endpoint.testing.js';

const signal = new AbortController().signal;
const now = (): number => 1_000_000;

async function withEndpoint(answer: ScriptedAnswer | ((i: number) => ScriptedAnswer), run: (url: string, bodies: () => string[], headers: () => Array<Record<string, unknown>>) => Promise<void>): Promise<void> {
  const endpoint = await startScriptedEndpoint((_req, i) => (typeof answer === 'function' ? answer(i) : answer));
  try {
    await run(`${endpoint.url}/oauth/token`, () => endpoint.requests.map((r) => r.body), () => endpoint.requests.map((r) => ({ ...r.headers })));
  } finally {
    await endpoint.close();
  }
}

test('a form code exchange sends the RFC 6749 §4.1.3 fields and reads the tokens', async () => {
  await withEndpoint(json(200, { access_token: 'at-1', refresh_token: 'rt-1', expires_in: 3600, token_type: 'Bearer', id_token: 'id', scope: 'openid', resource_url: 'portal.qwen.ai' }), async (url, bodies, headers) => {
    const result = await exchangeCode({ tokenUrl: url, clientId: 'cid', code: 'c0de', redirectUri: 'http://localhost:1455/auth/callback', verifier: 'ver', bodyFormat: 'form', signal, now });
    assert.deepEqual(result, {
      ok: true,
      tokens: { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 1_000_000 + 3_600_000, scope: 'openid', tokenType: 'Bearer', idToken: 'id', extra: { resource_url: 'portal.qwen.ai' } },
    });
    const sent = new URLSearchParams(bodies()[0]);
    assert.equal(sent.get('grant_type'), 'authorization_code');
    assert.equal(sent.get('code'), 'c0de');
    assert.equal(sent.get('redirect_uri'), 'http://localhost:1455/auth/callback');
    assert.equal(sent.get('code_verifier'), 'ver');
    assert.equal(sent.get('client_id'), 'cid');
    assert.equal(sent.get('state'), null);
    assert.equal(headers()[0]?.['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(headers()[0]?.accept, 'application/json');
  });
});

test("a JSON exchange (Claude's endpoint) echoes the state", async () => {
  await withEndpoint(json(200, { access_token: 'at', expires_in: '28800' }), async (url, bodies, headers) => {
    const result = await exchangeCode({ tokenUrl: url, clientId: 'cid', code: 'c', redirectUri: 'r', verifier: 'v', state: 's', bodyFormat: 'json', signal, now });
    assert.equal(result.ok && result.tokens.expiresAt, 1_000_000 + 28_800_000);
    assert.deepEqual(JSON.parse(bodies()[0] ?? ''), { grant_type: 'authorization_code', code: 'c', redirect_uri: 'r', code_verifier: 'v', state: 's', client_id: 'cid' });
    assert.equal(headers()[0]?.['content-type'], 'application/json');
  });
});

test('a refresh sends the refresh grant; a secret goes in the body or as Basic auth (§2.3.1)', async () => {
  await withEndpoint(json(200, { access_token: 'at-2' }), async (url, bodies, headers) => {
    const inBody = await refreshToken({ tokenUrl: url, clientId: 'cid', clientSecret: 's3cret', refreshToken: 'rt', scope: 'a b', bodyFormat: 'form', signal, now });
    assert.deepEqual(inBody, { ok: true, tokens: { accessToken: 'at-2' } });
    assert.deepEqual(Object.fromEntries(new URLSearchParams(bodies()[0])), { grant_type: 'refresh_token', refresh_token: 'rt', scope: 'a b', client_id: 'cid', client_secret: 's3cret' });
    await refreshToken({ tokenUrl: url, clientId: 'c id', clientSecret: 's:x', clientAuth: 'basic', refreshToken: 'rt', bodyFormat: 'form', signal, now });
    assert.deepEqual(Object.fromEntries(new URLSearchParams(bodies()[1])), { grant_type: 'refresh_token', refresh_token: 'rt' });
    assert.equal(headers()[1]?.authorization, `Basic ${Buffer.from('c+id:s%3Ax').toString('base64')}`);
  });
});

test('RFC 6749 §5.2 errors come back as values with the code and description', async () => {
  await withEndpoint(json(400, { error: 'invalid_grant', error_description: 'Refresh token expired' }), async (url) => {
    assert.deepEqual(await refreshToken({ tokenUrl: url, clientId: 'cid', refreshToken: 'rt-secret', bodyFormat: 'json', signal, now }), {
      ok: false,
      error: 'invalid_grant',
      description: 'Refresh token expired',
      status: 400,
    });
  });
  await withEndpoint(json(401, { error: { message: 'Your refresh token was already used', type: 'invalid_request_error', code: 'refresh_token_reused' } }), async (url) => {
    const result = await refreshToken({ tokenUrl: url, clientId: 'cid', refreshToken: 'rt', bodyFormat: 'form', signal, now });
    assert.deepEqual(result, { ok: false, error: 'refresh_token_reused', description: 'Your refresh token was already used', status: 401 });
  });
});

test('bodies that are not JSON, lack a token, or fail are error values without the body or tokens', async () => {
  const answers: ScriptedAnswer[] = [
    { status: 200, body: '<html>gateway</html>', contentType: 'text/html' },
    { status: 502, body: 'bad gateway rt-secret', contentType: 'text/plain' },
    json(200, { token_type: 'Bearer' }),
    json(429, { message: 'slow down' }),
    { status: 200, body: 'access_token=at&scope=x', contentType: 'application/x-www-form-urlencoded' },
  ];
  await withEndpoint((i) => answers[i] ?? json(500, {}), async (url) => {
    const expected = ['unexpected_response', 'server', 'unexpected_response', 'rate_limited', 'unexpected_response'];
    for (const code of expected) {
      const result = await refreshToken({ tokenUrl: url, clientId: 'cid', refreshToken: 'rt-secret', bodyFormat: 'form', signal, now });
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error, code);
        assert.doesNotMatch(JSON.stringify(result), /rt-secret|gateway|access_token=at/);
      }
    }
  });
});

test('an unreachable endpoint is a network error and an aborted call is aborted, never a throw', async () => {
  const endpoint = await startScriptedEndpoint(() => json(200, {}));
  const url = `${endpoint.url}/token`;
  await endpoint.close();
  const down = await exchangeCode({ tokenUrl: url, clientId: 'cid', code: 'code-secret', redirectUri: 'r', verifier: 'v', bodyFormat: 'form', signal, now });
  assert.equal(!down.ok && down.error, 'network');
  assert.doesNotMatch(JSON.stringify(down), /code-secret/);
  const controller = new AbortController();
  controller.abort();
  const aborted = await exchangeCode({ tokenUrl: url, clientId: 'cid', code: 'c', redirectUri: 'r', verifier: 'v', bodyFormat: 'form', signal: controller.signal, now });
  assert.equal(!aborted.ok && aborted.error, 'aborted');
});

test('a description quoting what was sent has it cut out', async () => {
  await withEndpoint(json(400, { error: 'invalid_grant', error_description: 'refresh token rt-very-secret is revoked' }), async (url) => {
    const result = await refreshToken({ tokenUrl: url, clientId: 'cid', refreshToken: 'rt-very-secret', bodyFormat: 'form', signal, now });
    assert.deepEqual(result, { ok: false, error: 'invalid_grant', description: 'refresh token [redacted] is revoked', status: 400 });
  });
});
