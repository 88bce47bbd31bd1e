import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayStatus } from '../control/contract.js';
import { createControlApi } from '../control/handlers.js';
import { CONTROL_BODY_LIMIT, handleControlRequest, isJsonContentType } from './control-routes.js';
import { isLoopbackAddress } from './host-check.js';

const status: GatewayStatus = {
  version: '9.9.9',
  listening: null,
  providerCount: 0,
  connectionCount: 0,
  uptimeMs: 1,
};
let server: Server;
let base: string;
let statusCalls = 0;

before(async () => {
  const api = createControlApi({
    getStatus: () => {
      statusCalls++;
      return status;
    },
    routingStatus: () => ({ cooldowns: [], breakers: [], limits: [] }), resetRouting: () => false, 
    listProviders: () => {
      throw new Error('store offline at /var/secret');
    },
  });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    // Tests run on 127.0.0.1 only; a header stands in for a caller on another machine.
    void handleControlRequest(api, req, res, path.slice('/api/'.length), { fromThisMachine: req.headers['x-test-peer'] !== 'remote' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

test('a valid call answers 200 with the output as JSON', async () => {
  const res = await post('/api/gateway.status', '{}');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(await res.json(), status);
});

test('content-type with a charset parameter is JSON; an empty body means {}', async () => {
  const res = await post('/api/gateway.status', '', { 'content-type': 'Application/JSON; charset=utf-8' });
  assert.equal(res.status, 200);
  assert.equal(isJsonContentType('application/jsonx'), false);
  assert.equal(isJsonContentType(undefined), false);
});

test('GET is 405 with Allow: POST', async () => {
  const res = await fetch(base + '/api/gateway.status');
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'POST');
});

test('a form or text POST (no preflight cross-site) is 415 and never dispatched', async () => {
  const callsBefore = statusCalls;
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await post('/api/gateway.status', '{}', { 'content-type': type });
    assert.equal(res.status, 415, type);
  }
  const bare = await fetch(base + '/api/gateway.status', { method: 'POST', body: new Uint8Array([123, 125]) });
  assert.equal(bare.status, 415);
  assert.equal(statusCalls, callsBefore);
});

test('a foreign Origin is 403; the same origin passes', async () => {
  const callsBefore = statusCalls;
  for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:1`, 'file://', 'not a url']) {
    const res = await post('/api/gateway.status', '{}', { origin });
    assert.equal(res.status, 403, origin);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_input');
  }
  assert.equal(statusCalls, callsBefore);
  const same = await post('/api/gateway.status', '{}', { origin: base });
  assert.equal(same.status, 200);
});

test('an unknown method is 404 unknown_method', async () => {
  const res = await post('/api/config.wipe', '{}');
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unknown_method');
});

test('bad JSON and schema-breaking input are 400 invalid_input', async () => {
  const bad = await post('/api/gateway.status', '{nope');
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_input');
  const extra = await post('/api/gateway.status', '{"x":1}');
  assert.equal(extra.status, 400);
  assert.equal(((await extra.json()) as { error: { code: string } }).error.code, 'invalid_input');
});

test('a failing service is 500 internal without leaking its message', async () => {
  const res = await post('/api/providers.list', '{}');
  assert.equal(res.status, 500);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'internal');
  assert.doesNotMatch(body.error.message, /secret/);
});

test('a body over 64 KiB is 413, declared or streamed', async () => {
  const big = JSON.stringify({ pad: 'x'.repeat(CONTROL_BODY_LIMIT) });
  const declared = await post('/api/gateway.status', big);
  assert.equal(declared.status, 413);

  // Chunked, so the limit is found while reading rather than from content-length.
  const streamed = await new Promise<number>((resolve, reject) => {
    const req = request(
      base + '/api/gateway.status',
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    const chunk = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 6; i++) req.write(chunk);
    req.end();
  });
  assert.equal(streamed, 413);

  const fits = await post('/api/gateway.status', '{}' + ' '.repeat(CONTROL_BODY_LIMIT - 2));
  assert.equal(fits.status, 200);
});

test('file and key operations answer only callers on this machine', async () => {
  for (const method of ['backup.create', 'backup.restore', 'config.export', 'config.import']) {
    const res = await post(`/api/${method}`, '{}', { 'x-test-peer': 'remote' });
    assert.equal(res.status, 403, method);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /only on the gateway's own machine/);
  }
  const status = await post('/api/gateway.status', '{}', { 'x-test-peer': 'remote' });
  assert.equal(status.status, 200, 'read-only methods stay available');
});

test('loopback peers are told apart from others', () => {
  for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(a), true, a);
  for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) assert.equal(isLoopbackAddress(a), false, String(a));
});
