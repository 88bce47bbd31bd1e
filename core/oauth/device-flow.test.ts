import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pollDeviceToken, sleepUnlessAborted, startDeviceAuthorization } from './device-flow.js';
import { json, startScriptedEndpoint, type ScriptedAnswer } from './scripted-endpoint.testing.js';

const signal = new AbortController().signal;

/** A fake clock: sleeping advances it, so polls run instantly. */
function fakeClock(start = 0): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

test('device authorization reads RFC 8628 §3.2 fields and sends the PKCE challenge', async () => {
  const endpoint = await startScriptedEndpoint(() =>
    json(200, { device_code: 'dc', user_code: 'ABCD-EFGH', verification_uri: 'https://example.test/device', verification_uri_complete: 'https://example.test/device?c=ABCD', expires_in: 900, interval: 2 }),
  );
  try {
    const result = await startDeviceAuthorization({ deviceUrl: `${endpoint.url}/device`, clientId: 'cid', scope: 'openid', pkce: { challenge: 'ch', method: 'S256' }, bodyFormat: 'form', signal, now: () => 1000 });
    assert.deepEqual(result, { ok: true, deviceCode: 'dc', userCode: 'ABCD-EFGH', verificationUri: 'https://example.test/device', verificationUriComplete: 'https://example.test/device?c=ABCD', expiresAt: 1000 + 900_000, intervalMs: 2000 });
    assert.deepEqual(Object.fromEntries(new URLSearchParams(endpoint.requests[0]?.body)), { scope: 'openid', code_challenge: 'ch', code_challenge_method: 'S256', client_id: 'cid' });
  } finally {
    await endpoint.close();
  }
});

test('device authorization defaults the interval to 5 s and reports bad answers as values', async () => {
  const answers: ScriptedAnswer[] = [json(200, { device_code: 'dc', user_code: 'U', verification_url: 'https://g.test/device', expires_in: 60 }), json(200, { user_code: 'U' }), json(400, { error: 'invalid_client' }), { status: 200, body: 'nope' }];
  const endpoint = await startScriptedEndpoint((_r, i) => answers[i] ?? json(500, {}));
  try {
    const opts = { deviceUrl: endpoint.url, clientId: 'cid', bodyFormat: 'json' as const, signal, now: () => 0 };
    const first = await startDeviceAuthorization(opts);
    assert.equal(first.ok && first.intervalMs, 5000);
    assert.equal(first.ok && first.verificationUri, 'https://g.test/device');
    assert.deepEqual(JSON.parse(endpoint.requests[0]?.body ?? ''), { client_id: 'cid' });
    const missing = await startDeviceAuthorization(opts);
    assert.equal(!missing.ok && missing.error, 'unexpected_response');
    const refused = await startDeviceAuthorization(opts);
    assert.equal(!refused.ok && refused.error, 'invalid_client');
    const garbage = await startDeviceAuthorization(opts);
    assert.equal(!garbage.ok && garbage.error, 'unexpected_response');
  } finally {
    await endpoint.close();
  }
});

async function poll(answers: ScriptedAnswer[], extra: { expiresAt?: number; intervalMs?: number } = {}) {
  const endpoint = await startScriptedEndpoint((_r, i) => answers[i] ?? json(400, { error: 'authorization_pending' }));
  const clock = fakeClock();
  try {
    const result = await pollDeviceToken({
      tokenUrl: endpoint.url,
      clientId: 'cid',
      deviceCode: 'dc',
      verifier: 'ver',
      intervalMs: extra.intervalMs ?? 1000,
      expiresAt: extra.expiresAt ?? 60_000,
      now: clock.now,
      sleep: clock.sleep,
      signal,
    });
    return { result, slept: clock.slept, bodies: endpoint.requests.map((r) => r.body) };
  } finally {
    await endpoint.close();
  }
}

test('polling waits on authorization_pending, adds 5 s on slow_down, and returns the tokens', async () => {
  const { result, slept, bodies } = await poll([json(400, { error: 'authorization_pending' }), json(400, { error: 'slow_down' }), json(200, { error: 'authorization_pending' }), json(200, { access_token: 'at', refresh_token: 'rt', expires_in: 100 })]);
  assert.deepEqual(slept, [1000, 1000, 6000, 6000]);
  assert.deepEqual(result, { ok: true, tokens: { accessToken: 'at', refreshToken: 'rt', expiresAt: 14_000 + 100_000 } });
  assert.deepEqual(Object.fromEntries(new URLSearchParams(bodies[0])), { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'dc', code_verifier: 'ver', client_id: 'cid' });
});

test('polling stops on expired_token, access_denied, other errors, and past expiresAt', async () => {
  const expired = await poll([json(400, { error: 'expired_token' })]);
  assert.equal(!expired.result.ok && expired.result.error, 'expired_token');
  const denied = await poll([json(400, { error: 'authorization_pending' }), json(400, { error: 'access_denied' })]);
  assert.equal(!denied.result.ok && denied.result.error, 'access_denied');
  assert.equal(denied.bodies.length, 2);
  const other = await poll([json(400, { error: 'invalid_client', error_description: 'unknown client' })]);
  assert.deepEqual(other.result, { ok: false, error: 'invalid_client', description: 'unknown client', status: 400 });
  const timedOut = await poll([], { expiresAt: 5500 });
  assert.equal(!timedOut.result.ok && timedOut.result.error, 'expired_token');
  assert.equal(timedOut.bodies.length, 5); // polls at 1, 2, 3, 4, 5 s; one at 6 s would be past expiry
  assert.match(!timedOut.result.ok ? timedOut.result.description ?? '' : '', /start the sign-in again/);
});

test('polling stops when the signal aborts', async () => {
  const controller = new AbortController();
  const endpoint = await startScriptedEndpoint(() => json(400, { error: 'authorization_pending' }));
  let polls = 0;
  try {
    const result = await pollDeviceToken({
      tokenUrl: endpoint.url,
      clientId: 'cid',
      deviceCode: 'dc',
      intervalMs: 10,
      expiresAt: Number.MAX_SAFE_INTEGER,
      now: () => 0,
      sleep: async () => {
        if (++polls === 3) controller.abort();
      },
      signal: controller.signal,
    });
    assert.equal(!result.ok && result.error, 'aborted');
    assert.equal(endpoint.requests.length, 2);
  } finally {
    await endpoint.close();
  }
});

test('sleepUnlessAborted returns early when the signal aborts', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 10);
  await sleepUnlessAborted(10_000, controller.signal);
  assert.ok(Date.now() - started < 5000);
});
