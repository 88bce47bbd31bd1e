import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { request } from 'undici';
import { listenForRedirect, LoopbackError } from './loopback-redirect.js';

async function get(url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const res = await request(url, { method: method === 'POST' ? 'POST' : 'GET' });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

test('the right state gives the code and a success page, then the port closes', async () => {
  const listener = await listenForRedirect({ port: 0, path: '/auth/callback', state: 's1', timeoutMs: 5000 });
  assert.match(listener.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/);
  const page = await get(`${listener.redirectUri}?code=the-code&state=s1`);
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], "default-src 'none'");
  assert.match(page.text, /Signed in/);
  assert.match(page.text, /close this tab/);
  assert.deepEqual(await listener.result, { code: 'the-code' });
  await listener.close();
  await assert.rejects(get(`${listener.redirectUri}?code=x&state=s1`));
});

test('a wrong or missing state answers 400 and the wait goes on', async () => {
  const listener = await listenForRedirect({ port: 0, path: '/cb', state: 's1', timeoutMs: 5000 });
  try {
    assert.equal((await get(`${listener.redirectUri}?code=evil&state=s2`)).status, 400);
    assert.equal((await get(`${listener.redirectUri}?error=access_denied`)).status, 400);
    assert.equal((await get(`${listener.redirectUri.replace('/cb', '/other')}?code=x&state=s1`)).status, 404);
    assert.equal((await get(`${listener.redirectUri}?code=x&state=s1`, 'POST')).status, 405);
    assert.equal((await get(`${listener.redirectUri}?code=a&code=b&state=s1`)).status, 400);
    assert.equal((await get(`${listener.redirectUri}?code=good&state=s1`)).status, 200);
    assert.deepEqual(await listener.result, { code: 'good' });
  } finally {
    await listener.close();
  }
});

test("the provider's error ends the wait with an escaped error page", async () => {
  const listener = await listenForRedirect({ port: 0, path: '/cb', state: 's1', timeoutMs: 5000 });
  const page = await get(`${listener.redirectUri}?error=access_denied&error_description=%3Cscript%3Ex%3C%2Fscript%3E&state=s1`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<script>/);
  assert.match(page.text, /access_denied: &lt;script&gt;/);
  assert.deepEqual(await listener.result, { error: 'access_denied', description: '<script>x</script>' });
  await listener.close();
});

test('no redirect in time rejects with a sign-in timed out error', async () => {
  const listener = await listenForRedirect({ port: 0, path: '/cb', state: 's1', timeoutMs: 50 });
  await assert.rejects(listener.result, (err: unknown) => err instanceof LoopbackError && err.code === 'timeout' && /sign-in timed out/.test(err.message));
  await listener.close();
});

test('a port in use is a clear error naming the port', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    await assert.rejects(
      listenForRedirect({ port, path: '/cb', state: 's1', timeoutMs: 5000 }),
      (err: unknown) => err instanceof LoopbackError && err.code === 'port_in_use' && err.message.includes(String(port)),
    );
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});

test('cancelling through the signal or close() rejects the result', async () => {
  const controller = new AbortController();
  const listener = await listenForRedirect({ port: 0, path: '/cb', state: 's1', timeoutMs: 5000, signal: controller.signal });
  controller.abort();
  await assert.rejects(listener.result, (err: unknown) => err instanceof LoopbackError && err.code === 'cancelled');
  const other = await listenForRedirect({ port: 0, path: '/cb', state: 's1', timeoutMs: 5000, redirectHost: 'localhost' });
  assert.match(other.redirectUri, /^http:\/\/localhost:\d+\/cb$/);
  await other.close();
  await assert.rejects(other.result, (err: unknown) => err instanceof LoopbackError && err.code === 'cancelled');
});
