import type { NetworkAdmin } from '../network/network-admin.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_METHODS, type ControlInput, type ControlMethod, type GatewayStatus, type ProviderSummary } from './contract.js';
import type { UsageControlDeps } from './usage-handlers.js';
import { DEFAULT_DESKTOP_PREFS, type DesktopControlDeps } from './desktop-contract.js';
import type { SetupControlDeps } from './setup-handlers.js';
import type { AccountsControlDeps } from './accounts-handlers.js';
import type { Playground } from '../playground/playground.js';
import type { LocalControlDeps } from './local-handlers.js';
import {
  ControlError,
  createControlApi,
  dispatchControl,
  isControlMethod,
  statusForControlError,
  toControlErrorBody,
} from './handlers.js';

const status: GatewayStatus = {
  version: '1.2.3',
  listening: { host: '127.0.0.1', port: 4567, url: 'http://127.0.0.1:4567' },
  providerCount: 1,
  connectionCount: 2,
  uptimeMs: 42,
};
const providers: ProviderSummary[] = [
  { id: 'openai', name: 'OpenAI', format: 'openai-chat', tier: 'api-key', connectionCount: 2, modelCount: 7 },
];

function api() {
  return createControlApi({ getStatus: () => status, listProviders: () => providers, routingStatus: () => ({ cooldowns: [], breakers: [], keyRejected: [], limits: [] }), resetRouting: () => false, usage: stubUsage, accounts: stubAccounts, setup: stubSetup, desktop: stubDesktop, playground: stubPlayground, local: stubLocal, network: stubNetwork });
}

const emptyNetwork = { global: null, providers: {}, connections: {}, noProxy: '', environment: { proxy: null, noProxy: null } };
/** Proxy settings that keep nothing. */
const stubNetwork: NetworkAdmin = { view: async () => emptyNetwork, setProxy: async () => emptyNetwork, setNoProxy: async () => emptyNetwork };

/** A playground that starts nothing. */
const stubPlayground: Playground = {
  send: (input) => ({ runId: input.runId, requestId: 'r1' }),
  cancel: () => false,
  stopAll: async () => undefined,
};

/** Desktop preferences that keep what they are given. */
const desktopPrefs = structuredClone(DEFAULT_DESKTOP_PREFS);
const stubDesktop: DesktopControlDeps = {
  view: () => ({ available: true, prefs: desktopPrefs, update: null }),
  update: (patch) => {
    Object.assign(desktopPrefs, { ...patch, notifications: { ...desktopPrefs.notifications, ...patch.notifications } });
    return { available: true, prefs: desktopPrefs, update: null };
  },
};

const stubConnection = { id: 'c1', provider: 'openai', label: 'work', priority: 100, enabled: true, baseUrl: null, hasKey: true, billing: 'metered' as const, quota: null, source: 'user' as const, createdAt: 0, updatedAt: 0 };
const stubKey = { id: 'k1', label: 'tools', hint: 'omr-abcd', scopes: [], expiresAt: null, createdAt: 0, revokedAt: null };
/** Local servers: none found, adding answers as if one were. */
const stubLocal: LocalControlDeps = { detect: async () => ({ servers: [], detectedAt: 0 }), add: async () => ({ connection: stubConnection, models: [] }) };
/** Account editing that keeps nothing. */
const stubAccounts: AccountsControlDeps = {
  connections: { list: async () => [], create: async () => stubConnection, update: async () => stubConnection, remove: async () => undefined },
  keys: {
    list: async () => [],
    create: async () => ({ key: 'omr-x', view: stubKey }),
    update: async () => stubKey,
    revoke: async () => stubKey,
    rotate: async () => ({ key: 'omr-y', view: stubKey }),
  },
  audit: { list: async () => [] },
};

const stubEntry = {
  id: 'local', name: 'Local', tier: 'custom', format: 'openai-chat' as const, baseUrl: 'http://127.0.0.1:9/v1', docsUrl: null, keyUrl: null, keyPrefix: null,
  models: [], modelsRefreshedAt: null, canRefreshModels: true, source: 'user' as const, connectionCount: 0, disabled: false, local: false,
};
const stubCombo = { name: 'team', strategy: 'fill-first' as const, sticky: null, enabled: true, members: [{ model: 'openai/gpt-4o', connection: null }], source: 'user' as const, createdAt: 0, updatedAt: 0 };
/** Set-up editing that keeps nothing. */
const stubSetup: SetupControlDeps = {
  providers: { catalogue: async () => [], create: async () => stubEntry, update: async () => stubEntry, remove: async () => undefined, refreshModels: async () => ({ provider: 'openai', models: [], refreshedAt: 0 }) },
  combos: { list: async () => [], create: async () => stubCombo, update: async () => stubCombo, reorder: async () => stubCombo, remove: async () => undefined },
  aliases: { list: async () => [], set: async () => ({ from: 'fast', to: 'team', source: 'user' }), remove: async () => undefined },
  settings: { value: () => assert.fail('no handler reads a setting value'), view: () => ({ configPath: null, settings: [] }), update: async () => ({ configPath: null, settings: [] }), reload: async () => undefined },
  testConnection: async () => ({ ok: true, model: 'gpt-4o', latencyMs: 1, status: 200, message: null, models: null }),
};

/** A store and backup service that hold nothing. */
const stubUsage: UsageControlDeps = {
  store: {
    analytics: {
      summary: async () => {
        const tokens = { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
        const total = { key: null, requests: 0, successes: 0, successRate: 0, latencyP50: null, latencyP95: null, latencyP99: null, ttftP50: null, tokens, costUsd: 0, unknownCostRequests: 0 };
        return { groups: [], total };
      },
      timeseries: async () => [],
    },
    logPages: { page: async () => ({ entries: [], next: null }), get: async () => null },
    connections: { list: async () => [], upsert: async () => assert.fail(), remove: async () => false, setEnabled: async () => false, relabel: async () => false },
    requestBodies: { get: async () => [] },
  },
  backups: {
    create: async () => ({ path: '/tmp/x.db', bytes: 1 }),
    restore: async () => ({ restored: true, previous: '/tmp/omniroute.db.before-restore-x' }),
    exportConfig: async () => ({
      path: '/tmp/x.json',
      bytes: 1,
      secretsIncluded: false,
      document: { format: 'omniroute-config', version: 1, exportedAt: '', providers: [], connections: [], settings: [] },
    }),
    importConfig: async () => ({ providers: 0, connections: 0, settings: 0, combos: 0, aliases: 0, secrets: 0 }),
  },
};

async function rejectsWith(p: Promise<unknown>, code: string): Promise<ControlError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ControlError, `expected ControlError, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail('expected a rejection');
}

test('gateway.status returns what the gateway reports', async () => {
  assert.deepEqual(await api().call('gateway.status', {}), status);
});

test('providers.list returns the provider summaries', async () => {
  assert.deepEqual(await api().call('providers.list', {}), providers);
});

/** A valid input per method; the type makes a new contract method fail to compile here. */
const SAMPLE_INPUTS: { [M in ControlMethod]: ControlInput<M> } = {
  'gateway.status': {},
  'providers.list': {},
  'routing.status': {},
  'routing.reset': { all: true },
  'quota.status': {},
  'budgets.status': {},
  'usage.summary': { from: 0, to: 1, groupBy: 'none' },
  'usage.timeseries': { from: 0, to: 1, bucket: 'hour' },
  'logs.list': { limit: 10 },
  'logs.get': { id: 'r1' },
  'backup.create': {},
  'backup.restore': { path: '/tmp/x.db' },
  'config.export': {},
  'config.import': { document: {} },
  'connections.list': {},
  'connections.create': { provider: 'openai', label: 'work', apiKey: 'sk-x' },
  'connections.update': { id: 'c1', priority: 5 },
  'connections.delete': { id: 'c1' },
  'audit.list': {},
  'keys.list': {},
  'keys.create': { label: 'tools' },
  'keys.update': { id: 'k1', scopes: ['openai/*'] },
  'keys.revoke': { id: 'k1' },
  'keys.rotate': { id: 'k1' },
  'providers.catalogue': {},
  'providers.create': { id: 'local', format: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v1' },
  'providers.update': { id: 'local', name: 'Local' },
  'providers.delete': { id: 'local' },
  'models.refresh': { provider: 'openai' },
  'connections.test': { id: 'c1' },
  'combos.list': {},
  'combos.create': { name: 'team', members: [{ model: 'openai/gpt-4o' }] },
  'combos.update': { name: 'team', strategy: 'round-robin' },
  'combos.delete': { name: 'team' },
  'combos.reorder': { name: 'team', order: [0] },
  'combos.enable': { name: 'team', enabled: false },
  'aliases.list': {},
  'aliases.set': { from: 'fast', to: 'team' },
  'aliases.delete': { from: 'fast' },
  'settings.get': {},
  'settings.update': { values: { 'routing.strategy': 'p2c' } },
  'desktop.get': {},
  'desktop.update': { notifications: { breaker: false } },
  'playground.send': { runId: 'run-00000001', format: 'openai-chat', model: 'openai/gpt-4o', stream: true, body: { messages: [{ role: 'user', content: 'hi' }] } },
  'playground.cancel': { runId: 'run-00000001' },
  'local.detect': { cached: true },
  'local.add': { provider: 'ollama' },
  'network.get': {},
  'network.setProxy': { scope: { kind: 'global' }, url: null },
  'network.setNoProxy': { noProxy: '' },
};

test('desktop preferences: answered by the desktop shell, refused clearly where there is none', async () => {
  const view = await api().call('desktop.update', { openAtLogin: true, notifications: { exposed: false } });
  assert.equal(view.prefs.openAtLogin, true);
  assert.equal(view.prefs.notifications.exposed, false);
  assert.equal(view.prefs.notifications.quotaThreshold, true, 'a partial update keeps the other switches');
  await rejectsWith(dispatchControl(api(), 'desktop.update', { notifications: { nope: true } }), 'invalid_input');

  const headless = createControlApi({ getStatus: () => status, listProviders: () => providers, routingStatus: () => ({ cooldowns: [], breakers: [], limits: [] }), resetRouting: () => false });
  assert.deepEqual(await headless.call('desktop.get', {}), { available: false, prefs: DEFAULT_DESKTOP_PREFS, update: null });
  const err = await rejectsWith(headless.call('desktop.update', { openAtLogin: true }), 'invalid_input');
  assert.match(err.message, /only in the desktop app/);
});

test('every contract method has a handler', async () => {
  for (const method of CONTROL_METHODS) {
    assert.ok(isControlMethod(method));
    await dispatchControl(api(), method, SAMPLE_INPUTS[method]);
  }
});

test('an unknown method is a ControlError unknown_method, also through call()', async () => {
  const err = await rejectsWith(dispatchControl(api(), 'gateway.shutdown', {}), 'unknown_method');
  assert.match(err.message, /gateway\.shutdown/);
  // A prototype key is not a method.
  await rejectsWith(dispatchControl(api(), 'toString', {}), 'unknown_method');
  await rejectsWith(dispatchControl(api(), '__proto__', {}), 'unknown_method');
  const untyped = api().call as (m: string, i: unknown) => Promise<unknown>;
  await rejectsWith(untyped('nope', {}), 'unknown_method');
});

test('input that breaks the schema is invalid_input', async () => {
  const err = await rejectsWith(dispatchControl(api(), 'gateway.status', { extra: 1 }), 'invalid_input');
  assert.match(err.message, /gateway\.status/);
  await rejectsWith(dispatchControl(api(), 'providers.list', null), 'invalid_input');
  await rejectsWith(dispatchControl(api(), 'providers.list', []), 'invalid_input');
  const untyped = api().call as (m: string, i: unknown) => Promise<unknown>;
  await rejectsWith(untyped('gateway.status', 'x'), 'invalid_input');
});

test('output outside the contract is an internal error and extra fields are stripped', async () => {
  const leaky = createControlApi({
    getStatus: () => ({ ...status, apiKey: 'sk-secret' }) as GatewayStatus,
    listProviders: () => [{ id: 'x' }] as ProviderSummary[],
    routingStatus: () => ({ cooldowns: [], breakers: [], keyRejected: [], limits: [] }), resetRouting: () => false, 
  });
  const got = await leaky.call('gateway.status', {});
  assert.equal('apiKey' in got, false);
  await rejectsWith(leaky.call('providers.list', {}), 'internal');
});

test('error bodies and statuses for transports', () => {
  assert.deepEqual(toControlErrorBody(new ControlError('invalid_input', 'bad')), {
    error: { code: 'invalid_input', message: 'bad' },
  });
  const internal = toControlErrorBody(new Error('db path /secret/x failed'));
  assert.equal(internal.error.code, 'internal');
  assert.doesNotMatch(internal.error.message, /secret/);
  assert.equal(statusForControlError('invalid_input'), 400);
  assert.equal(statusForControlError('unknown_method'), 404);
  assert.equal(statusForControlError('internal'), 500);
});
