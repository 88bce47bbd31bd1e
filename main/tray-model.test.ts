import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayStatus } from '../core/control/contract.js';
import type { ComboView } from '../core/control/setup-contract.js';
import type { ConnectionQuota, QuotaWindowStatus } from '../core/quota/quota-status.js';
import { buildTrayModel, type ConnectionView, type TrayAction, type TrayInput, type TrayMenuItem } from './tray-model.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

const status: GatewayStatus = {
  version: '0.1.0',
  listening: { host: '127.0.0.1', port: 20128, url: 'http://127.0.0.1:20128' },
  providerCount: 2,
  connectionCount: 2,
  uptimeMs: 5000,
  keyRejected: [],
};

function connection(id: string, provider: string, label: string, more: Partial<ConnectionView> = {}): ConnectionView {
  return { id, provider, label, priority: 100, enabled: true, baseUrl: null, hasKey: true, billing: 'metered', quota: null, source: 'user', createdAt: 0, updatedAt: 0, ...more };
}

function window(used: number, limit: number, resetInH: number | null, more: Partial<QuotaWindowStatus> = {}): QuotaWindowStatus {
  const resetAt = resetInH === null ? null : NOW + resetInH * H;
  return { window: 'rolling-5h', source: 'config', unit: 'tokens', used, limit, remaining: limit - used, resetAt, resetInMs: resetAt === null ? null : resetAt - NOW, exhausted: used >= limit, ...more };
}

function quota(connectionId: string, windows: QuotaWindowStatus[], blocked: ConnectionQuota['blocked'] = null): ConnectionQuota {
  return { connectionId, providerId: 'x', label: 'x', windows, blocked };
}

const work = connection('c1', 'anthropic', 'work');
const home = connection('c2', 'openai', 'home');
const combo = (name: string, enabled = true): ComboView => ({ name, strategy: 'fill-first', sticky: null, enabled, members: [], source: 'user', createdAt: 0, updatedAt: 0 });

function input(more: Partial<TrayInput> = {}): TrayInput {
  return {
    gateway: { kind: 'running', status },
    connections: [work, home],
    quota: [],
    combos: [],
    defaultAlias: null,
    openAtLogin: false,
    updateReady: null,
    productName: 'OmniRoute',
    now: NOW,
    ...more,
  };
}

/** Every item, submenus flattened, in menu order. */
function flat(menu: readonly TrayMenuItem[]): TrayMenuItem[] {
  return menu.flatMap((i) => (i.type === 'submenu' ? [i, ...flat(i.items)] : [i]));
}
function byAction(menu: readonly TrayMenuItem[], kind: TrayAction['kind']) {
  return flat(menu).filter((i): i is Extract<TrayMenuItem, { action: TrayAction }> => 'action' in i && i.action.kind === kind);
}
const labels = (menu: readonly TrayMenuItem[]) => flat(menu).map((i) => ('label' in i ? i.label : '---'));

test('the icon follows the most constrained enabled account: full, under 20 %, used up, key refused', () => {
  assert.equal(buildTrayModel(input()).level, 'full', 'no known limits');
  assert.equal(buildTrayModel(input({ quota: [quota('c1', [window(50, 100, 2)])] })).level, 'full');
  assert.equal(buildTrayModel(input({ quota: [quota('c1', [window(50, 100, 2)]), quota('c2', [window(81, 100, 1)])] })).level, 'low');
  assert.equal(buildTrayModel(input({ quota: [quota('c1', [window(100, 100, 2)]), quota('c2', [window(81, 100, 1)])] })).level, 'exhausted');
  // Routing's own verdict counts even when the numbers look fine (a provider said 429 quota).
  assert.equal(buildTrayModel(input({ quota: [quota('c2', [window(10, 100, 1)], { until: NOW + H, message: 'x' })] })).level, 'exhausted');
  const refused = input({ gateway: { kind: 'running', status: { ...status, keyRejected: [{ provider: 'openai', label: 'home', status: 401, since: 1 }] } } });
  assert.equal(buildTrayModel(refused).level, 'error');
  // A disabled account is not active: its state does not colour the icon.
  const disabled = input({ connections: [work, { ...home, enabled: false }], quota: [quota('c2', [window(100, 100, 1)])] });
  assert.equal(buildTrayModel(disabled).level, 'full');
});

test('the gateway state comes first: starting, paused, failed, not listening', () => {
  assert.equal(buildTrayModel(input({ gateway: { kind: 'starting' } })).level, 'starting');
  assert.equal(buildTrayModel(input({ gateway: { kind: 'paused' } })).level, 'paused');
  const failed = buildTrayModel(input({ gateway: { kind: 'failed', message: 'port 20128 is in use' } }));
  assert.equal(failed.level, 'error');
  assert.equal(failed.statusLine, 'Not running: port 20128 is in use');
  assert.equal(buildTrayModel(input({ gateway: { kind: 'running', status: { ...status, listening: null } } })).level, 'error');
});

test('tooltip: the status, the tightest account with its countdown, and the next reset', () => {
  const m = buildTrayModel(input({ quota: [quota('c1', [window(90, 100, 2.5)]), quota('c2', [window(10, 100, 1)])] }));
  assert.equal(m.tooltip, ['OmniRoute: 2 accounts, 1 low', 'anthropic/work: 10 % left · resets in 2 h 30 min', 'next reset in 1 h'].join('\n'));
  const calm = buildTrayModel(input({ quota: [quota('c1', [window(10, 100, 3)])] }));
  assert.equal(calm.tooltip, 'OmniRoute: 2 accounts\nnext reset in 3 h');
  const long = buildTrayModel(input({ gateway: { kind: 'failed', message: 'x'.repeat(300) } }));
  assert.equal([...long.tooltip].length, 127, 'fits the Windows limit');
  assert.ok(long.tooltip.endsWith('…'));
});

test('menu: each account with its remaining quota, reset countdown, windows and an enable switch', () => {
  const m = buildTrayModel(
    input({
      connections: [work, home, connection('c3', 'deepseek', 'prepaid', { source: 'file' })],
      quota: [
        quota('c1', [window(100, 100, 0.5), window(20, 1000, 48, { window: 'weekly' })]),
        quota('c2', [window(70, 100, 4)]),
        quota('c3', [{ window: 'balance', source: 'endpoint', unit: 'usd', used: null, limit: null, remaining: 12.5, resetAt: null, resetInMs: null, exhausted: false }]),
      ],
    }),
  );
  const accounts = m.menu.filter((i) => i.type === 'submenu');
  assert.deepEqual(
    accounts.map((i) => i.label),
    ['anthropic/work: used up · resets in 30 min', 'openai/home: 30 % left · resets in 4 h', 'deepseek/prepaid: no limit known'],
  );
  assert.deepEqual(labels(accounts[0]?.type === 'submenu' ? accounts[0].items : []), [
    '5-hour window: used up · resets in 30 min',
    'weekly window: 98 % left · resets in 2 d',
    '---',
    'Enabled',
  ]);
  const toggles = byAction(m.menu, 'set-account-enabled');
  assert.deepEqual(toggles.map((t) => [t.type === 'checkbox' && t.checked, t.enabled, t.action]), [
    [true, true, { kind: 'set-account-enabled', connectionId: 'c1', enabled: false }],
    [true, true, { kind: 'set-account-enabled', connectionId: 'c2', enabled: false }],
    // The config file owns this one: shown, not switchable from the tray.
    [true, false, { kind: 'set-account-enabled', connectionId: 'c3', enabled: false }],
  ]);
  assert.ok(labels(m.menu).includes('balance: 12.5 usd left'));

  const off = buildTrayModel(input({ connections: [{ ...work, enabled: false }] }));
  assert.deepEqual(byAction(off.menu, 'set-account-enabled')[0]?.action, { kind: 'set-account-enabled', connectionId: 'c1', enabled: true });
  assert.equal(off.menu.find((i) => i.type === 'submenu')?.label, 'anthropic/work: disabled');
});

test('menu: the default combo switch points the alias at one enabled combo or none', () => {
  const none = buildTrayModel(input({ combos: [combo('fast'), combo('smart'), combo('old', false)] }));
  const radios = byAction(none.menu, 'set-default-combo');
  assert.deepEqual(radios.map((r) => [r.label, r.type === 'radio' && r.checked, r.action]), [
    ['fast', false, { kind: 'set-default-combo', combo: 'fast' }],
    ['smart', false, { kind: 'set-default-combo', combo: 'smart' }],
    ['None', true, { kind: 'set-default-combo', combo: null }],
  ]);
  const smart = buildTrayModel(input({ combos: [combo('fast'), combo('smart')], defaultAlias: { to: 'smart', fromFile: false } }));
  assert.ok(labels(smart.menu).includes('Default combo: smart'));
  assert.deepEqual(byAction(smart.menu, 'set-default-combo').filter((r) => r.type === 'radio' && r.checked).map((r) => r.label), ['smart']);
  const locked = buildTrayModel(input({ combos: [combo('fast')], defaultAlias: { to: 'fast', fromFile: true } }));
  assert.ok(byAction(locked.menu, 'set-default-combo').every((r) => !r.enabled));
  assert.ok(labels(locked.menu).includes('Set in the config file'));
  assert.equal(byAction(buildTrayModel(input()).menu, 'set-default-combo').length, 0, 'no combos, no switch');
});

test('menu: gateway actions follow its state; start at login and updates', () => {
  const running = buildTrayModel(input());
  assert.deepEqual(
    ['open-dashboard', 'open-in-browser', 'copy-url', 'pause', 'quit'].map((k) => byAction(running.menu, k as TrayAction['kind'])[0]?.enabled),
    [true, true, true, true, true],
  );
  assert.equal(byAction(running.menu, 'resume').length, 0);
  const paused = buildTrayModel(input({ gateway: { kind: 'paused' }, connections: [], quota: [] }));
  assert.equal(byAction(paused.menu, 'resume')[0]?.enabled, true);
  assert.equal(byAction(paused.menu, 'copy-url')[0]?.enabled, false);
  assert.equal(byAction(paused.menu, 'open-in-browser')[0]?.enabled, false, 'no link to a gateway that does not listen');
  assert.equal(byAction(buildTrayModel(input({ gateway: { kind: 'starting' } })).menu, 'pause')[0]?.enabled, false);

  const login = byAction(running.menu, 'set-open-at-login')[0];
  assert.deepEqual([login?.type, login?.type === 'checkbox' && login.checked, login?.action], ['checkbox', false, { kind: 'set-open-at-login', enabled: true }]);
  assert.deepEqual(byAction(buildTrayModel(input({ openAtLogin: true })).menu, 'set-open-at-login')[0]?.action, { kind: 'set-open-at-login', enabled: false });
  assert.equal(byAction(running.menu, 'check-updates')[0]?.label, 'Check for updates now');
  const ready = buildTrayModel(input({ updateReady: '1.2.3' }));
  assert.equal(byAction(ready.menu, 'install-update')[0]?.label, 'Restart to install 1.2.3');
  assert.ok(labels(ready.menu).includes('Update 1.2.3 ready: installs when you quit'));
  assert.equal(byAction(running.menu, 'quit')[0]?.label, 'Quit OmniRoute');
});

test('a refused key shows on its account line and in the status line', () => {
  const m = buildTrayModel(input({ gateway: { kind: 'running', status: { ...status, keyRejected: [{ provider: 'openai', label: 'home', status: 403, since: 1 }] } } }));
  assert.equal(m.statusLine, 'Running on http://127.0.0.1:20128 · 2 accounts, 1 need a new key');
  assert.ok(labels(m.menu).includes('openai/home: key refused: replace it'));
  assert.match(m.tooltip, /openai\/home: key refused/);
});
