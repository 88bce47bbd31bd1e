import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_METHODS, type GatewayStatus } from '../core/control/contract.js';
import { createControlApi } from '../core/control/handlers.js';
import type { ControlEventMessage } from '../preload/bridge-types.js';
import { isTrustedSender, registerControlIpc, sendControlEvent, type InvokeEvent, type IpcMainLike } from './ipc.js';

const RENDERER = 'file:///opt/OmniRoute/resources/app.asar/dist/renderer/index.html';
const status: GatewayStatus = { version: '1', listening: null, providerCount: 0, connectionCount: 0, uptimeMs: 0 };

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      assert.equal(handlers.has(channel), false, `second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

function setup(confirm?: (method: string) => Promise<boolean>) {
  const { ipcMain, handlers } = fakeIpcMain();
  const api = createControlApi({ getStatus: () => status, listProviders: () => [], routingStatus: () => ({ cooldowns: [], breakers: [], limits: [] }), resetRouting: () => false, });
  const dispose = registerControlIpc({ ipcMain, api, methods: CONTROL_METHODS, rendererUrl: RENDERER, ...(confirm ? { confirm } : {}) });
  const invoke = (channel: string, input: unknown, frame: InvokeEvent['senderFrame'] = { url: RENDERER, parent: null }) => {
    const handler = handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler({ senderFrame: frame }, input);
  };
  return { handlers, dispose, invoke };
}

test('one channel per contract method, removed again by dispose', () => {
  const { handlers, dispose } = setup();
  assert.deepEqual([...handlers.keys()].sort(), CONTROL_METHODS.map((m) => `control:${m}`).sort());
  dispose();
  assert.equal(handlers.size, 0);
});

test('our renderer gets ok replies; errors come back as values with their code', async () => {
  const { invoke } = setup();
  assert.deepEqual(await invoke('control:gateway.status', {}), { ok: true, value: status });
  assert.deepEqual(await invoke('control:providers.list', {}), { ok: true, value: [] });
  const bad = await invoke('control:gateway.status', { evil: true });
  assert.equal((bad as { ok: boolean }).ok, false);
  assert.equal((bad as { error: { code: string } }).error.code, 'invalid_input');
  // A hash or query on our own document is still our document.
  const hashed = await invoke('control:gateway.status', {}, { url: RENDERER + '#/providers', parent: null });
  assert.equal((hashed as { ok: boolean }).ok, true);
});

test('other frames are refused', async () => {
  const { invoke } = setup();
  const refused = [
    null,
    { url: 'https://evil.example/', parent: null },
    { url: 'file:///tmp/evil/index.html', parent: null },
    { url: 'http://127.0.0.1:20128/', parent: null },
    { url: RENDERER, parent: { url: RENDERER } },
    { url: 'not a url', parent: null },
  ];
  for (const frame of refused) {
    await assert.rejects(invoke('control:gateway.status', {}, frame), /Refused/, JSON.stringify(frame));
  }
});

test('isTrustedSender compares whole document URLs', () => {
  assert.equal(isTrustedSender({ url: RENDERER, parent: null }, RENDERER), true);
  assert.equal(isTrustedSender({ url: RENDERER.replace('index.html', 'index.html.evil'), parent: null }, RENDERER), false);
  assert.equal(isTrustedSender({ url: RENDERER, parent: null }, 'not a url'), false);
});

test('events go to the event channel unless the window is gone', () => {
  const sent: Array<[string, ControlEventMessage]> = [];
  let destroyed = false;
  const target = { isDestroyed: () => destroyed, send: (c: string, m: ControlEventMessage) => sent.push([c, m]) };
  const message: ControlEventMessage = {
    name: 'request.finished',
    payload: { requestId: 'r', clientFormat: 'gemini', model: 'g', provider: null, status: 502, latencyMs: 9 },
  };
  sendControlEvent(target, message);
  destroyed = true;
  sendControlEvent(target, message);
  assert.deepEqual(sent, [['control:event', message]]);
});

test('key export, backup, restore and import run only after the user confirms; other methods never ask', async () => {
  const asked: string[] = [];
  let answer = false;
  const { invoke } = setup(async (method) => {
    asked.push(method);
    return answer;
  });
  for (const method of ['config.export', 'config.import', 'backup.create', 'backup.restore']) {
    const refused = (await invoke(`control:${method}`, {})) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'forbidden', method);
  }
  assert.deepEqual(asked, ['config.export', 'config.import', 'backup.create', 'backup.restore']);
  answer = true;
  // Confirmed, the call reaches the handler (which this stand-in API lacks: an error of its own, not a refusal).
  const confirmed = (await invoke('control:config.export', {})) as { ok: boolean; error?: { code: string } };
  assert.notEqual(confirmed.error?.code, 'forbidden');
  asked.length = 0;
  assert.equal(((await invoke('control:gateway.status', {})) as { ok: boolean }).ok, true);
  assert.deepEqual(asked, []);
});

test('with no way to ask the user, those methods are refused', async () => {
  const { invoke } = setup();
  const refused = (await invoke('control:backup.create', {})) as { ok: boolean; error: { code: string } };
  assert.equal(refused.error.code, 'forbidden');
});
