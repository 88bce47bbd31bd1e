/**
 * The desktop shell's wiring, through the ports it uses for Electron's tray, notifications,
 * login items and updater: a sequence of gateway events and tray clicks, and what is called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlApi, ControlInput, ControlMethod, ControlOutput, GatewayStatus } from '../core/control/contract.js';
import type { QuotaChanged } from '../core/quota/quota-status.js';
import { createMemorySettings } from './app-settings.js';
import { COUNTDOWN_REFRESH_MS, createDesktopController, EVENT_REFRESH_MS, REQUEST_REFRESH_MS, type ControlledHost } from './desktop-controller.js';
import { createDesktopPrefs } from './desktop-prefs.js';
import type { LoginItemPort } from './login-items.js';
import type { NotificationSpec } from './notification-policy.js';
import type { CheckOutcome } from './update-scheduler.js';
import type { ConnectionView, GatewayState, TrayMenuItem, TrayModel } from './tray-model.js';

const T0 = 1_800_000_000_000;

const status: GatewayStatus = {
  version: '1',
  listening: { host: '127.0.0.1', port: 20128, url: 'http://127.0.0.1:20128' },
  providerCount: 1,
  connectionCount: 1,
  uptimeMs: 1,
  keyRejected: [],
};
const work: ConnectionView = { id: 'c1', provider: 'anthropic', label: 'work', priority: 100, enabled: true, baseUrl: null, hasKey: true, billing: 'subscription', quota: null, source: 'user', createdAt: 0, updatedAt: 0 };

/** A gateway that answers the tray's reads from plain data and records what the tray changes. */
function fakeGateway() {
  const data = {
    connections: [work],
    windows: [] as Array<{ used: number; limit: number }>,
    aliases: [] as Array<{ from: string; to: string; source: 'file' | 'user' }>,
    calls: [] as Array<[string, unknown, string | undefined]>,
  };
  const answers: { [M in ControlMethod]?: (input: ControlInput<M>) => ControlOutput<M> } = {
    'gateway.status': () => status,
    'connections.list': () => data.connections,
    'quota.status': () => ({
      connections: [
        {
          connectionId: 'c1',
          providerId: 'anthropic',
          label: 'work',
          blocked: null,
          windows: data.windows.map((w) => ({ window: 'rolling-5h', source: 'config' as const, unit: 'tokens' as const, used: w.used, limit: w.limit, remaining: w.limit - w.used, resetAt: T0 + 3_600_000, resetInMs: 3_600_000, exhausted: w.used >= w.limit })),
        },
      ],
    }),
    'combos.list': () => [{ name: 'team', strategy: 'fill-first', sticky: null, enabled: true, members: [], source: 'user', createdAt: 0, updatedAt: 0 }],
    'aliases.list': () => data.aliases,
    'connections.update': (input) => {
      data.connections = data.connections.map((c) => (c.id === input.id && input.enabled !== undefined ? { ...c, enabled: input.enabled } : c));
      return data.connections[0] ?? work;
    },
    'aliases.set': (input) => {
      data.aliases = [{ from: input.from, to: input.to, source: 'user' }];
      return data.aliases[0] ?? { from: '', to: '', source: 'user' };
    },
    'aliases.delete': () => {
      data.aliases = [];
      return { deleted: true };
    },
  };
  const control: ControlApi = {
    async call<M extends ControlMethod>(method: M, input: ControlInput<M>, caller?: string): Promise<ControlOutput<M>> {
      data.calls.push([method, input, caller]);
      const answer = answers[method] as ((input: ControlInput<M>) => ControlOutput<M>) | undefined;
      if (!answer) throw new Error(`unexpected ${method}`);
      return answer(input);
    },
  };
  let state: GatewayState = { kind: 'starting' };
  const host: ControlledHost & { set(s: GatewayState): void; paused: number } = {
    paused: 0,
    state: () => state,
    control,
    loginLink: () => 'http://127.0.0.1:20128/login?token=x',
    pause: async () => void host.paused++,
    resume: async () => undefined,
    set: (s) => (state = s),
  };
  return { data, host };
}

function setup() {
  let now = T0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  const trays: TrayModel[] = [];
  const notes: Array<{ spec: NotificationSpec; click: () => void }> = [];
  const shown: Array<string | undefined> = [];
  const logs: string[] = [];
  let loginEnabled = false;
  const loginCalls: boolean[] = [];
  const loginItems: LoginItemPort = { isEnabled: () => loginEnabled, setEnabled: (on) => void (loginCalls.push(on), (loginEnabled = on)) };
  const updateCalls: string[] = [];
  const updates = {
    setEnabled: (on: boolean) => void updateCalls.push(`enabled ${on}`),
    checkNow: async (): Promise<CheckOutcome> => (updateCalls.push('check'), { kind: 'up-to-date' }),
  };
  const settings = createMemorySettings();
  const gateway = fakeGateway();
  // The preferences redraw the tray through the controller made right below.
  const prefs = createDesktopPrefs({ settings, loginItems, updates, updateStatus: () => controller.updateStatus(), onChange: () => controller.refreshTray() });
  const controller = createDesktopController({
    productName: 'OmniRoute',
    prefs,
    updates,
    ports: {
      showTray: (m) => void trays.push(m),
      notify: (spec, click) => void notes.push({ spec, click }),
      showDashboard: (route) => void shown.push(route),
      copyText: (t) => void logs.push(`copied ${t}`),
      openExternal: (u) => void logs.push(`opened ${u}`),
      quit: () => void logs.push('quit'),
      installUpdate: () => void logs.push('install'),
      timers: {
        setTimeout: (fn, ms) => {
          const id = nextId++;
          timers.set(id, { at: now + ms, fn });
          return id;
        },
        clearTimeout: (h) => void (typeof h === 'number' && timers.delete(h)),
      },
      now: () => now,
      log: (m) => void logs.push(m),
    },
  });
  controller.attach(gateway.host);
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
  };
  /** Moves the clock, firing due timers in order. */
  const advance = async (ms: number) => {
    const until = now + ms;
    await settle();
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await settle();
    }
    now = until;
    await settle();
  };
  const run = (s: GatewayState) => {
    gateway.host.set(s);
    controller.onGatewayState(s);
  };
  return { controller, prefs, gateway, trays, notes, shown, logs, loginCalls, updateCalls, settings, advance, settle, run, lastTray: () => trays[trays.length - 1] };
}

const flat = (items: readonly TrayMenuItem[]): TrayMenuItem[] => items.flatMap((i) => (i.type === 'submenu' ? [i, ...flat(i.items)] : [i]));
const labelsOf = (m: TrayModel | undefined) => flat(m?.menu ?? []).map((i) => ('label' in i ? i.label : '---'));
function click(m: TrayModel | undefined, label: string, controller: ReturnType<typeof createDesktopController>) {
  const item = flat(m?.menu ?? []).find((i) => 'label' in i && i.label === label);
  assert.ok(item && 'action' in item, `menu item "${label}" in ${labelsOf(m).join(' | ')}`);
  controller.onTrayAction(item.action);
}
function quotaEvent(level: QuotaChanged['level']): QuotaChanged {
  return { connectionId: 'c1', providerId: 'anthropic', label: 'work', window: 'rolling-5h', source: 'config', used: 100, limit: 100, remaining: 0, resetAt: T0 + 3_600_000, level };
}

test('the tray shows the state at once, then the accounts read from the gateway', async () => {
  const t = setup();
  t.run({ kind: 'starting' });
  assert.equal(t.lastTray()?.level, 'starting');
  t.run({ kind: 'running', status });
  assert.equal(t.lastTray()?.level, 'full');
  assert.equal(labelsOf(t.lastTray()).some((l) => l.startsWith('anthropic/work')), false, 'accounts come with the read');
  await t.advance(0);
  assert.ok(labelsOf(t.lastTray()).includes('anthropic/work: no limit known'));
  assert.ok(labelsOf(t.lastTray()).includes('team'), 'the combo switch');
});

test(`a quota event notifies and redraws the tray within ${EVENT_REFRESH_MS} ms; finished requests at most once a second`, async () => {
  assert.ok(EVENT_REFRESH_MS < 1000, 'the issue asks for a redraw within a second of quota.changed');
  const t = setup();
  t.run({ kind: 'running', status });
  await t.advance(0);
  const before = t.trays.length;
  t.gateway.data.windows = [{ used: 100, limit: 100 }];
  t.controller.onGatewayEvent({ name: 'quota.changed', payload: quotaEvent(100) });
  assert.deepEqual(t.notes.map((n) => n.spec.title), ['Quota used up: anthropic/work']);
  await t.advance(EVENT_REFRESH_MS - 1);
  assert.equal(t.trays.length, before, 'not yet');
  await t.advance(1);
  assert.equal(t.trays.length, before + 1);
  assert.equal(t.lastTray()?.level, 'exhausted');
  assert.ok(labelsOf(t.lastTray()).includes('anthropic/work: used up · resets in 59 min'));

  // A click on the notification opens its page.
  t.notes[0]?.click();
  assert.deepEqual(t.shown, ['/quota']);

  const n = t.trays.length;
  for (let i = 0; i < 20; i++) t.controller.onGatewayEvent({ name: 'request.finished', payload: { requestId: `r${i}`, clientFormat: 'openai', model: 'm', provider: 'p', status: 200, latencyMs: 1 } });
  await t.advance(REQUEST_REFRESH_MS);
  assert.equal(t.trays.length, n + 1, 'twenty finished requests, one redraw');
  // A quota event during that wait brings the redraw forward rather than adding one.
  t.controller.onGatewayEvent({ name: 'request.finished', payload: { requestId: 'x', clientFormat: 'openai', model: 'm', provider: 'p', status: 200, latencyMs: 1 } });
  t.controller.onGatewayEvent({ name: 'quota.changed', payload: quotaEvent('refilled') });
  await t.advance(EVENT_REFRESH_MS);
  assert.equal(t.trays.length, n + 2);
  await t.advance(REQUEST_REFRESH_MS);
  assert.equal(t.trays.length, n + 2);
  // The countdowns move on every minute.
  await t.advance(COUNTDOWN_REFRESH_MS);
  assert.equal(t.trays.length, n + 3);
});

test('health events and listening beyond loopback notify once; a switched-off kind does not', async () => {
  const t = setup();
  t.run({ kind: 'running', status: { ...status, listening: { host: '0.0.0.0', port: 20128, url: 'http://0.0.0.0:20128' } } });
  t.run({ kind: 'running', status: { ...status, listening: { host: '0.0.0.0', port: 20128, url: 'http://0.0.0.0:20128' } } });
  const opened = { event: 'breaker-opened' as const, scope: 'provider' as const, providerId: 'anthropic', connectionId: null, label: null, at: T0, reopensAt: T0 + 30_000, status: null };
  t.controller.onGatewayEvent({ name: 'health.changed', payload: opened });
  t.controller.onGatewayEvent({ name: 'health.changed', payload: { ...opened, event: 'breaker-closed' } });
  await t.prefs.update({ notifications: { needsLogin: false } });
  t.controller.onGatewayEvent({ name: 'health.changed', payload: { ...opened, event: 'key-rejected', scope: 'account', connectionId: 'c1', label: 'work', status: 401 } });
  assert.deepEqual(t.notes.map((n) => [n.spec.title, n.spec.route]), [
    ['The gateway is reachable from the network', '/settings'],
    ['anthropic is failing', '/health'],
    ['anthropic answers again', '/health'],
  ]);
});

test('tray clicks: enable switch, default combo, start at login, pause, copy, browser, updates', async () => {
  const t = setup();
  t.run({ kind: 'running', status });
  await t.advance(0);
  click(t.lastTray(), 'Enabled', t.controller);
  await t.advance(0);
  assert.deepEqual(t.gateway.data.calls.find((c) => c[0] === 'connections.update'), ['connections.update', { id: 'c1', enabled: false }, 'desktop tray']);
  assert.ok(labelsOf(t.lastTray()).includes('anthropic/work: disabled'), 'redrawn after the change');

  click(t.lastTray(), 'team', t.controller);
  await t.advance(0);
  assert.deepEqual(t.gateway.data.aliases, [{ from: 'default', to: 'team', source: 'user' }]);
  assert.ok(labelsOf(t.lastTray()).includes('Default combo: team'));
  click(t.lastTray(), 'None', t.controller);
  await t.advance(0);
  assert.deepEqual(t.gateway.data.aliases, []);

  click(t.lastTray(), 'Start at login', t.controller);
  await t.advance(0);
  assert.deepEqual(t.loginCalls, [true]);
  const login = flat(t.lastTray()?.menu ?? []).find((i) => 'label' in i && i.label === 'Start at login');
  assert.equal(login?.type === 'checkbox' && login.checked, true, 'the tick follows the OS entry');
  assert.equal((await t.prefs.view()).prefs.openAtLogin, true);

  click(t.lastTray(), 'Copy endpoint URL', t.controller);
  click(t.lastTray(), 'Open dashboard in browser', t.controller);
  click(t.lastTray(), 'Pause gateway', t.controller);
  click(t.lastTray(), 'Check for updates now', t.controller);
  await t.settle();
  assert.deepEqual(t.logs.slice(0, 2), ['copied http://127.0.0.1:20128', 'opened http://127.0.0.1:20128/login?token=x']);
  assert.equal(t.gateway.host.paused, 1);
  assert.deepEqual(t.updateCalls, ['check']);
  // A check the user asked for is answered, even with nothing new.
  assert.deepEqual([t.notes.at(-1)?.spec.title, t.notes.at(-1)?.spec.body], ['No update', 'This is the newest version.']);

  t.controller.onUpdateDownloaded('2.0.0');
  await t.advance(0);
  assert.equal(t.notes.at(-1)?.spec.title, 'Update 2.0.0 is ready');
  assert.equal(t.controller.updateStatus().state, 'downloaded');
  click(t.lastTray(), 'Restart to install 2.0.0', t.controller);
  click(t.lastTray(), 'Quit OmniRoute', t.controller);
  await t.settle();
  assert.deepEqual(t.logs.slice(-2), ['install', 'quit']);
});

test('a failing tray action is logged, not thrown; a gateway that cannot answer still gets a tray', async () => {
  const t = setup();
  t.run({ kind: 'running', status });
  await t.advance(0);
  t.gateway.data.connections = [];
  t.controller.onTrayAction({ kind: 'set-account-enabled', connectionId: 'gone', enabled: true });
  t.controller.onTrayAction({ kind: 'set-open-at-login', enabled: true });
  await t.settle();
  const broken = setup();
  broken.gateway.host.set({ kind: 'running', status });
  const original = broken.gateway.host.control.call.bind(broken.gateway.host.control);
  Object.assign(broken.gateway.host.control, { call: (m: ControlMethod, i: never) => (m === 'quota.status' ? Promise.reject(new Error('store closed')) : original(m, i)) });
  broken.controller.onGatewayState({ kind: 'running', status });
  await broken.advance(0);
  assert.equal(broken.lastTray()?.level, 'full');
  assert.ok(broken.logs.some((l) => l === 'Tray: could not read the accounts: store closed'));
});

test('desktop preferences: each change reaches its effect, and a refused login change changes nothing', async () => {
  const t = setup();
  const view = await t.prefs.update({ checkForUpdates: true, startMinimized: true, notifications: { breaker: false } });
  assert.deepEqual(t.updateCalls, ['enabled true']);
  assert.equal(t.settings.get('startMinimized'), true);
  assert.equal(view.prefs.notifications.breaker, false);
  assert.equal(view.prefs.notifications.exposed, true);
  assert.equal(view.available, true);
  assert.deepEqual(view.update, { state: 'idle', version: null, lastCheckedAt: null });

  const broken = createDesktopPrefs({
    settings: t.settings,
    loginItems: {
      isEnabled: () => false,
      setEnabled: () => {
        throw new Error('a file of that name is not ours');
      },
    },
    updates: { setEnabled: () => assert.fail('nothing else applies') },
    updateStatus: () => ({ state: 'idle', version: null, lastCheckedAt: null }),
    onChange: () => assert.fail('no change'),
  });
  assert.throws(() => broken.update({ openAtLogin: true, checkForUpdates: false, startMinimized: false }), /Start at login could not be changed: a file of that name is not ours/);
  assert.equal(t.settings.get('startMinimized'), true, 'the rest of the refused edit was not applied');
});
