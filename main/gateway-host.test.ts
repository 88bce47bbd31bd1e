import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CONTROL_EVENT_NAMES, type ControlEvents, type GatewayStatus } from '../core/control/contract.js';
import { ControlError, createControlApi } from '../core/control/handlers.js';
import type { ControlEventMessage } from '../preload/bridge-types.js';
import { createGatewayHost, type HostedGateway } from './gateway-host.js';
import type { GatewayState } from './tray-model.js';

interface FakeOptions {
  failStart?: string;
}

function fakeGateways() {
  const made: Array<{ gw: HostedGateway; stopped: boolean; emit(p: ControlEvents['request.finished']): void }> = [];
  const create = async (opts: FakeOptions = {}): Promise<HostedGateway> => {
    let listening: GatewayStatus['listening'] = null;
    const events: HostedGateway['events'] = new EventEmitter();
    const n = made.length + 1;
    const entry = {
      stopped: false,
      emit: (p: ControlEvents['request.finished']) => events.emit('request.finished', p),
      gw: {
        events,
        control: createControlApi({
          getStatus: () => ({ version: `v${n}`, listening, providerCount: n, connectionCount: 0, uptimeMs: 0 }),
          listProviders: () => [],
          routingStatus: () => ({ cooldowns: [], breakers: [], limits: [] }), resetRouting: () => false, 
        }),
        async start() {
          if (opts.failStart) throw new Error(opts.failStart);
          listening = { host: '127.0.0.1', port: 20128, url: 'http://127.0.0.1:20128' };
          return listening;
        },
        async stop() {
          entry.stopped = true;
          listening = null;
        },
        loginLink: () => (listening ? `${listening.url}/login?token=t${n}` : undefined),
      },
    };
    made.push(entry);
    return entry.gw;
  };
  return { made, create };
}

const payload: ControlEventMessage['payload'] = {
  requestId: 'r1',
  clientFormat: 'openai-chat',
  model: 'gpt',
  provider: 'openai',
  status: 200,
  latencyMs: 5,
};

test('start runs a gateway, reports running with its status, and forwards its events', async () => {
  const { made, create } = fakeGateways();
  const states: GatewayState[] = [];
  const events: ControlEventMessage[] = [];
  const host = createGatewayHost({ create: () => create(), onStateChange: (s) => states.push(s), onEvent: (e) => events.push(e) });
  await assert.rejects(host.control.call('gateway.status', {}), ControlError);
  await host.start();
  assert.deepEqual(
    states.map((s) => s.kind),
    ['starting', 'running'],
  );
  const running = host.state();
  assert.equal(running.kind === 'running' && running.status.listening?.url, 'http://127.0.0.1:20128');
  made[0]?.emit(payload);
  assert.deepEqual(events, [{ name: 'request.finished', payload }]);
  assert.equal((await host.control.call('gateway.status', {})).version, 'v1');

  // Every event the gateway can push reaches the window and the tray, not only the first one.
  const source = made[0]?.gw.events;
  const quota: ControlEvents['quota.changed'] = { connectionId: 'c1', providerId: 'p', label: 'l', window: 'daily', source: 'config', used: 1, limit: 1, remaining: 0, resetAt: null, level: 100 };
  const health: ControlEvents['health.changed'] = { event: 'breaker-opened', scope: 'provider', providerId: 'p', connectionId: null, label: null, at: 1, reopensAt: 2, status: null };
  const progress: ControlEvents['playground.progress'] = { runId: 'run-0001', kind: 'delta', part: 'text', text: 'Hel' };
  source?.emit('quota.changed', quota);
  source?.emit('health.changed', health);
  source?.emit('playground.progress', progress);
  assert.deepEqual(events.map((e) => e.name), ['request.finished', 'quota.changed', 'health.changed', 'playground.progress']);
  assert.deepEqual([...CONTROL_EVENT_NAMES].sort(), [...new Set(events.map((e) => e.name))].sort(), 'this test covers every pushed event');
});

test('pause stops the gateway and detaches events; resume starts a fresh one', async () => {
  const { made, create } = fakeGateways();
  const events: ControlEventMessage[] = [];
  const host = createGatewayHost({ create: () => create(), onStateChange: () => {}, onEvent: (e) => events.push(e) });
  await host.start();
  await host.pause();
  assert.equal(host.state().kind, 'paused');
  assert.equal(made[0]?.stopped, true);
  made[0]?.emit(payload);
  assert.equal(events.length, 0);
  // Paused: the dashboard still gets an answer, saying nothing listens.
  assert.equal((await host.control.call('gateway.status', {})).listening, null);

  await host.resume();
  assert.equal(made.length, 2);
  assert.equal(host.state().kind, 'running');
  assert.equal((await host.control.call('gateway.status', {})).version, 'v2');
});

test('a failed start is reported with its message, and control says why', async () => {
  const { made, create } = fakeGateways();
  const host = createGatewayHost({
    create: () => create({ failStart: 'Port 20128 on 127.0.0.1 is already in use.' }),
    onStateChange: () => {},
    onEvent: () => {},
  });
  await host.start();
  assert.deepEqual(host.state(), { kind: 'failed', message: 'Port 20128 on 127.0.0.1 is already in use.' });
  assert.equal(made[0]?.stopped, true, 'the half-started gateway is closed');
  await assert.rejects(host.control.call('gateway.status', {}), /already in use/);
});

test('operations run one at a time in call order', async () => {
  const { made, create } = fakeGateways();
  const states: string[] = [];
  const host = createGatewayHost({ create: () => create(), onStateChange: (s) => states.push(s.kind), onEvent: () => {} });
  await Promise.all([host.start(), host.start(), host.pause(), host.resume(), host.shutdown()]);
  assert.deepEqual(states, ['starting', 'running', 'paused', 'starting', 'running', 'paused']);
  assert.equal(made.length, 2);
  assert.ok(made.every((m) => m.stopped));
});

test('refresh re-reads the running status', async () => {
  const { create } = fakeGateways();
  const states: GatewayState[] = [];
  const host = createGatewayHost({ create: () => create(), onStateChange: (s) => states.push(s), onEvent: () => {} });
  await host.refresh();
  assert.equal(states.length, 0, 'nothing to refresh before start');
  await host.start();
  await host.refresh();
  assert.equal(states.at(-1)?.kind, 'running');
  assert.equal(states.length, 3);
});

test('a login link is handed out only while the gateway listens', async () => {
  const { create } = fakeGateways();
  const host = createGatewayHost({ create: () => create(), onStateChange: () => {}, onEvent: () => {} });
  assert.equal(host.loginLink(), undefined);
  await host.start();
  assert.equal(host.loginLink(), 'http://127.0.0.1:20128/login?token=t1');
  await host.pause();
  assert.equal(host.loginLink(), undefined);
});
