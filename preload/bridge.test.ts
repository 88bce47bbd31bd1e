import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_METHODS } from '../core/control/contract.js';
import type { ControlEventMessage } from './bridge-types.js';
import { createBridge } from './bridge.js';
import { BRIDGE_METHODS } from './methods.js';

test('the preload method list is exactly the contract', () => {
  assert.deepEqual([...BRIDGE_METHODS].sort(), [...CONTROL_METHODS].sort());
});

test('each bridge function invokes its own channel with the input', async () => {
  const calls: Array<[string, unknown]> = [];
  const bridge = createBridge(BRIDGE_METHODS, {
    invoke: async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, value: channel };
    },
    subscribe: () => () => {},
  });
  assert.deepEqual(await bridge['gateway.status']({}), { ok: true, value: 'control:gateway.status' });
  await bridge['providers.list']({});
  assert.deepEqual(calls, [
    ['control:gateway.status', {}],
    ['control:providers.list', {}],
  ]);
  assert.deepEqual(Object.keys(bridge).sort(), [...CONTROL_METHODS, 'onEvent'].sort());
  assert.ok(Object.isFrozen(bridge));
});

test('onEvent subscribes to the event channel and hands back the unsubscribe', () => {
  const listeners = new Map<string, (m: unknown) => void>();
  const bridge = createBridge(BRIDGE_METHODS, {
    invoke: async () => undefined,
    subscribe(channel, listener) {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  });
  const got: ControlEventMessage[] = [];
  const off = bridge.onEvent((e) => got.push(e));
  const message: ControlEventMessage = {
    name: 'request.finished',
    payload: { requestId: 'r1', clientFormat: 'openai-chat', model: 'm', provider: null, status: 200, latencyMs: 3 },
  };
  listeners.get('control:event')?.(message);
  assert.deepEqual(got, [message]);
  off();
  assert.equal(listeners.size, 0);
});
