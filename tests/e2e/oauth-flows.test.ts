/**
 * End to end against the fake authorization server of tests/oauth-server (it checks PKCE,
 * redirect URIs, single-use codes, refresh rotation and RFC 8628 polling): the browser flow
 * (authorize URL → loopback redirect → code exchange → refresh) and the device flow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startFakeAuthServer, DEFAULT_CLIENT } from '../oauth-server/index.js';
import { createPkce, createState } from '../../core/oauth/pkce.js';
import { buildAuthorizeUrl } from '../../core/oauth/authorize-url.js';
import { listenForRedirect } from '../../core/oauth/loopback-redirect.js';
import { exchangeCode, refreshToken } from '../../core/oauth/token-request.js';
import { pollDeviceToken, startDeviceAuthorization } from '../../core/oauth/device-flow.js';

const signal = new AbortController().signal;

/** Authorize in the "browser" and deliver the redirect to a fresh loopback receiver. */
async function signInInBrowser(auth: Awaited<ReturnType<typeof startFakeAuthServer>>, pkce: ReturnType<typeof createPkce>): Promise<{ code: string; redirectUri: string }> {
  const state = createState();
  const listener = await listenForRedirect({ port: 0, path: '/callback', state, timeoutMs: 5000 });
  try {
    const authorizeUrl = buildAuthorizeUrl({ authorizeUrl: `${auth.url}/oauth/authorize`, clientId: DEFAULT_CLIENT.id, redirectUri: listener.redirectUri, scope: 'openid offline_access', state, pkce });
    const { location } = await auth.browse(authorizeUrl);
    const landing = await request(location);
    assert.equal(landing.statusCode, 200);
    await landing.body.dump();
    const result = await listener.result;
    if (!('code' in result)) throw new Error(`expected a code, got ${result.error}`);
    return { code: result.code, redirectUri: listener.redirectUri };
  } finally {
    await listener.close();
  }
}

test('browser flow: authorize URL, loopback redirect, PKCE code exchange, rotating refresh', async () => {
  let t = 1_000_000;
  const auth = await startFakeAuthServer({ now: () => t, accessTtlSec: 3600 });
  try {
    const pkce = createPkce();
    const first = await signInInBrowser(auth, pkce);
    const tokenUrl = `${auth.url}/oauth/token`;
    const wrongVerifier = await exchangeCode({ tokenUrl, clientId: DEFAULT_CLIENT.id, code: first.code, redirectUri: first.redirectUri, verifier: createPkce().verifier, bodyFormat: 'form', signal });
    assert.equal(!wrongVerifier.ok && wrongVerifier.error, 'invalid_grant');

    // The failed attempt may have spent the code (RFC 6749 §4.1.2), so sign in once more.
    const second = await signInInBrowser(auth, pkce);
    const signedIn = await exchangeCode({ tokenUrl, clientId: DEFAULT_CLIENT.id, code: second.code, redirectUri: second.redirectUri, verifier: pkce.verifier, bodyFormat: 'form', signal, now: () => t });
    if (!signedIn.ok) return assert.fail(`exchange failed: ${signedIn.error}`);
    assert.equal(signedIn.tokens.expiresAt, t + 3_600_000);
    const rt = signedIn.tokens.refreshToken;
    if (rt === undefined) return assert.fail('expected a refresh token');

    t += 60_000;
    const refreshed = await refreshToken({ tokenUrl, clientId: DEFAULT_CLIENT.id, refreshToken: rt, bodyFormat: 'form', signal, now: () => t });
    if (!refreshed.ok) return assert.fail(`refresh failed: ${refreshed.error}`);
    assert.notEqual(refreshed.tokens.refreshToken, rt);
    assert.notEqual(refreshed.tokens.accessToken, signedIn.tokens.accessToken);
    // The rotated-out refresh token is dead: what the refresh coordinator turns into "sign in again".
    const reused = await refreshToken({ tokenUrl, clientId: DEFAULT_CLIENT.id, refreshToken: rt, bodyFormat: 'form', signal });
    assert.equal(!reused.ok && reused.error, 'invalid_grant');
    assert.equal(auth.refreshCount, 2);
  } finally {
    await auth.close();
  }
});

test('device flow with PKCE: pending polls, the user approves, tokens', async () => {
  let t = 5_000_000;
  const auth = await startFakeAuthServer({ now: () => t, deviceInterval: 5, deviceExpiresSec: 600 });
  try {
    const pkce = createPkce();
    const started = await startDeviceAuthorization({ deviceUrl: `${auth.url}/oauth/device/code`, clientId: DEFAULT_CLIENT.id, scope: 'openid', pkce, bodyFormat: 'form', signal, now: () => t });
    if (!started.ok) return assert.fail(`device start failed: ${started.error}`);
    assert.equal(started.intervalMs, 5000);
    assert.equal(started.expiresAt, t + 600_000);
    let sleeps = 0;
    const result = await pollDeviceToken({
      tokenUrl: `${auth.url}/oauth/token`,
      clientId: DEFAULT_CLIENT.id,
      deviceCode: started.deviceCode,
      verifier: pkce.verifier,
      intervalMs: started.intervalMs,
      expiresAt: started.expiresAt,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
        // The user approves in the browser between the second and third poll.
        if (++sleeps === 3) auth.approveDevice(started.userCode);
      },
      signal,
    });
    if (!result.ok) return assert.fail(`poll failed: ${result.error}`);
    assert.equal(sleeps, 3);
    assert.ok(result.tokens.accessToken.length > 0);
  } finally {
    await auth.close();
  }
});

test('device flow: the user declines', async () => {
  let t = 0;
  const auth = await startFakeAuthServer({ now: () => t, deviceInterval: 5 });
  try {
    const started = await startDeviceAuthorization({ deviceUrl: `${auth.url}/oauth/device/code`, clientId: DEFAULT_CLIENT.id, bodyFormat: 'form', signal, now: () => t });
    if (!started.ok) return assert.fail(started.error);
    auth.denyDevice(started.userCode);
    const result = await pollDeviceToken({ tokenUrl: `${auth.url}/oauth/token`, clientId: DEFAULT_CLIENT.id, deviceCode: started.deviceCode, intervalMs: started.intervalMs, expiresAt: started.expiresAt, now: () => t, sleep: async (ms) => void (t += ms), signal });
    assert.equal(!result.ok && result.error, 'access_denied');
  } finally {
    await auth.close();
  }
});
