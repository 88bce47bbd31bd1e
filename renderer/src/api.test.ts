import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayStatus } from '../../core/control/contract.js';
import type { ControlEventMessage, OmnirouteBridge } from '../../preload/bridge-types.js';
import { ApiError, createControlClient } from './api.js';

const status: GatewayStatus = {
  version: '0.0.1',
  listening: { host: '127.0.0.1', port: 1, url: 'http://127.0.0.1:1' },
  providerCount: 0,
  connectionCount: 0,
  uptimeMs: 0,
};

function noFetch(): Promise<Response> {
  throw new Error('fetch must not be used when the bridge exists');
}

/** Bridge methods these tests never call (every contract method must be present, or the bridge type fails). */
const unusedRoutingMethods = {
  'routing.status': async () => ({ ok: true as const, value: { cooldowns: [], breakers: [], limits: [] } }),
  'routing.reset': async () => ({ ok: true as const, value: { reset: false } }),
  'budgets.status': async () => ({ ok: true as const, value: { budgets: [], keys: [] } }),
  'quota.status': async () => ({ ok: true as const, value: { connections: [] } }),
  'usage.summary': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'usage.timeseries': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'logs.list': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'logs.get': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'backup.create': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'backup.restore': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'config.export': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'config.import': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'connections.list': async () => ({ ok: true as const, value: [] }),
  'connections.create': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'connections.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'connections.delete': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'audit.list': async () => ({ ok: true as const, value: [] }),
  'keys.list': async () => ({ ok: true as const, value: [] }),
  'keys.create': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'keys.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'keys.revoke': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'keys.rotate': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'providers.catalogue': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'providers.create': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'providers.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'providers.delete': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'models.refresh': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'connections.test': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.list': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.create': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.delete': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.reorder': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'combos.enable': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'aliases.list': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'aliases.set': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'aliases.delete': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'settings.get': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'settings.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),  'desktop.get': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'desktop.update': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'playground.send': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'playground.cancel': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'local.detect': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'local.add': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'network.get': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'network.setProxy': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
  'network.setNoProxy': async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'unused' } }),
};

async function rejectsWithCode(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof ApiError && err.code === code);
}

test('with the preload bridge present, calls go over IPC', async () => {
  const seen: unknown[] = [];
  const bridge: OmnirouteBridge = {
    'gateway.status': async (input) => {
      seen.push(input);
      return { ok: true, value: status };
    },
    'providers.list': async () => ({ ok: false, error: { code: 'internal', message: 'store down' } }),
    ...unusedRoutingMethods,
    onEvent: () => () => {},
  };
  const client = createControlClient({ bridge, fetch: noFetch });
  assert.equal(client.transport, 'ipc');
  assert.deepEqual(await client.call('gateway.status', {}), status);
  assert.deepEqual(seen, [{}]);
  await rejectsWithCode(client.call('providers.list', {}), 'internal');
});

test('a bridge that throws (main gone, untrusted sender) is unreachable', async () => {
  const bridge: OmnirouteBridge = {
    'gateway.status': async () => {
      throw new Error('No handler registered');
    },
    'providers.list': async () => ({ ok: true, value: [] }),
    ...unusedRoutingMethods,
    onEvent: () => () => {},
  };
  await rejectsWithCode(createControlClient({ bridge, fetch: noFetch }).call('gateway.status', {}), 'unreachable');
});

test('IPC events are forwarded from the bridge', () => {
  let pushed: ((e: ControlEventMessage) => void) | null = null;
  const bridge: OmnirouteBridge = {
    'gateway.status': async () => ({ ok: true, value: status }),
    'providers.list': async () => ({ ok: true, value: [] }),
    ...unusedRoutingMethods,
    onEvent: (l) => {
      pushed = l;
      return () => (pushed = null);
    },
  };
  const got: ControlEventMessage[] = [];
  const off = createControlClient({ bridge, fetch: noFetch }).onEvent((e) => got.push(e));
  const message: ControlEventMessage = {
    name: 'request.finished',
    payload: { requestId: 'r', clientFormat: 'anthropic', model: 'm', provider: 'p', status: 200, latencyMs: 1 },
  };
  assert.ok(pushed);
  (pushed as (e: ControlEventMessage) => void)(message);
  assert.deepEqual(got, [message]);
  off();
  assert.equal(pushed, null);
});

test('without the bridge, calls POST JSON to /api/<method>', async () => {
  const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchFake = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(url), init });
    return new Response(JSON.stringify(status), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createControlClient({ bridge: undefined, fetch: fetchFake, csrfToken: () => 'csrf-of-this-session' });
  assert.equal(client.transport, 'http');
  assert.deepEqual(await client.call('gateway.status', {}), status);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]?.url, '/api/gateway.status');
  assert.equal(requests[0]?.init?.method, 'POST');
  // The session cookie rides along by itself; the CSRF token is echoed from its cookie.
  assert.deepEqual(requests[0]?.init?.headers, { 'content-type': 'application/json', 'x-omniroute-csrf': 'csrf-of-this-session' });
  assert.equal(requests[0]?.init?.body, '{}');
});

test('HTTP error bodies keep their code; other failures are mapped', async () => {
  const answer = (status: number, body: string) => async () => new Response(body, { status });
  const call = (fetchFake: () => Promise<Response>) =>
    createControlClient({ bridge: undefined, fetch: fetchFake }).call('gateway.status', {});
  await rejectsWithCode(call(answer(404, '{"error":{"code":"unknown_method","message":"x"}}')), 'unknown_method');
  await rejectsWithCode(call(answer(400, '{"error":{"code":"invalid_input","message":"x"}}')), 'invalid_input');
  await rejectsWithCode(call(answer(401, '{"error":{"code":"unauthenticated","message":"log in"}}')), 'unauthenticated');
  await rejectsWithCode(call(answer(403, '{"error":{"code":"forbidden","message":"csrf"}}')), 'forbidden');
  await rejectsWithCode(call(answer(502, '<html>bad gateway</html>')), 'internal');
  await rejectsWithCode(call(answer(403, '{"error":{"code":"nope","message":"x"}}')), 'internal');
  await rejectsWithCode(
    call(async () => {
      throw new TypeError('fetch failed');
    }),
    'unreachable',
  );
});
