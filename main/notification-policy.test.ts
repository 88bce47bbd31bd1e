import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DESKTOP_PREFS, type NotificationKind } from '../core/control/desktop-contract.js';
import type { QuotaChanged } from '../core/quota/quota-status.js';
import type { HealthChanged } from '../core/routing/health-events.js';
import { BREAKER_REOPEN_QUIET_MS, decideNotification, INITIAL_POLICY_STATE, RATE_LIMIT, type DesktopEvent, type NotificationSpec, type PolicyState } from './notification-policy.js';

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const ALL_ON = DEFAULT_DESKTOP_PREFS.notifications;

function quota(level: QuotaChanged['level'], more: Partial<QuotaChanged> = {}): DesktopEvent {
  return {
    type: 'quota',
    quota: { connectionId: 'c1', providerId: 'anthropic', label: 'work', window: 'rolling-5h', source: 'config', used: 80, limit: 100, remaining: 20, resetAt: T0 + 130 * MIN, level, ...more },
  };
}
function health(event: HealthChanged['event'], more: Partial<HealthChanged> = {}): DesktopEvent {
  return { type: 'health', health: { event, scope: 'account', providerId: 'openai', connectionId: 'c2', label: 'home', at: T0, reopensAt: null, status: null, ...more } };
}

/** Plays events in order, a minute apart unless given a time; returns what was shown. */
function play(events: Array<DesktopEvent | [DesktopEvent, number]>, enabled: Record<NotificationKind, boolean> = ALL_ON) {
  let state: PolicyState = INITIAL_POLICY_STATE;
  const shown: NotificationSpec[] = [];
  const why: string[] = [];
  events.forEach((e, i) => {
    const [event, at] = Array.isArray(e) ? e : [e, T0 + i * MIN];
    const d = decideNotification(state, event, enabled, at);
    state = d.state;
    if ('notify' in d) shown.push(d.notify);
    else why.push(d.suppressed);
  });
  return { shown, why, titles: shown.map((n) => n.title) };
}

test('quota: one notification per account, per threshold, per window; a refill re-arms them', () => {
  const { titles, shown, why } = play([quota(80), quota(80), quota(95), quota(100), quota(100), quota('refilled'), quota('refilled'), quota(80)]);
  assert.deepEqual(titles, [
    'Quota 80 % used: anthropic/work',
    'Quota 95 % used: anthropic/work',
    'Quota used up: anthropic/work',
    'Quota refilled: anthropic/work',
    'Quota 80 % used: anthropic/work',
  ]);
  assert.deepEqual(why, ['duplicate', 'duplicate', 'duplicate']);
  assert.equal(shown[0]?.body, '80 % of the 5-hour window is used. It refills in 2 h 10 min.');
  assert.match(shown[2]?.body ?? '', /^The 5-hour window is used up; requests go to your other accounts\. It refills in 2 h 7 min\.$/);
  assert.ok(shown.every((n) => n.route === '/quota'));
  assert.deepEqual(shown.map((n) => n.kind), ['quotaThreshold', 'quotaThreshold', 'quotaThreshold', 'quotaRefilled', 'quotaThreshold']);
});

test('quota: other windows and other accounts are told apart; a balance says it does not refill', () => {
  const { titles, shown } = play([quota(100), quota(100, { window: 'weekly' }), quota(100, { connectionId: 'c9', label: 'spare' }), quota(100, { window: 'balance', resetAt: null, connectionId: 'c7', label: 'prepaid' })]);
  assert.equal(titles.length, 4);
  assert.match(shown[1]?.body ?? '', /weekly window/);
  assert.match(shown[3]?.body ?? '', /It does not refill by itself\.$/);
});

test('each kind can be switched off, and a switched-off one is not remembered as said', () => {
  const off = { ...ALL_ON, quotaThreshold: false };
  assert.deepEqual(play([quota(80)], off).why, ['switched-off']);
  // Switching it back on later: the next crossing is told.
  let state = decideNotification(INITIAL_POLICY_STATE, quota(80), off, T0).state;
  assert.ok('notify' in decideNotification(state, quota(80), ALL_ON, T0 + MIN));
  state = INITIAL_POLICY_STATE;
  for (const [kind, event] of [
    ['quotaRefilled', quota('refilled')],
    ['breaker', health('breaker-opened')],
    ['needsLogin', health('key-rejected', { status: 401 })],
    ['exposed', { type: 'listening', host: '0.0.0.0', url: 'http://0.0.0.0:20128' }],
    ['updateReady', { type: 'update-downloaded', version: '1.2.3' }],
  ] as const) {
    assert.ok('notify' in decideNotification(state, event, ALL_ON, T0), `${kind} on`);
    assert.deepEqual(decideNotification(state, event, { ...ALL_ON, [kind]: false }, T0), { suppressed: 'switched-off', state }, `${kind} off`);
  }
});

test('breakers: opened once, closed only after an opened was told, a quick re-open is the same outage', () => {
  const provider = { scope: 'provider' as const, connectionId: null, label: null, reopensAt: T0 + 30_000 };
  const { titles, shown } = play([
    [health('breaker-closed', provider), T0],
    [health('breaker-opened', provider), T0],
    [health('breaker-opened', provider), T0 + MIN],
    [health('breaker-closed', provider), T0 + 2 * MIN],
    [health('breaker-opened', provider), T0 + 5 * MIN],
    [health('breaker-closed', provider), T0 + 6 * MIN],
    [health('breaker-opened', provider), T0 + 2 * MIN + BREAKER_REOPEN_QUIET_MS + 1],
  ]);
  assert.deepEqual(titles, ['openai is failing', 'openai answers again', 'openai is failing']);
  assert.equal(shown[0]?.body, 'Requests skip it and go to your other accounts. It is tried again in under a minute.');
  assert.equal(shown[0]?.route, '/health');
  assert.deepEqual(play([health('breaker-opened')]).titles, ['openai/home is failing']);
});

test('a refused key is told once until it is replaced; a second refusal after that is told again', () => {
  const { titles, shown, why } = play([health('key-rejected', { status: 401 }), health('key-rejected', { status: 401 }), health('key-restored'), health('key-rejected', { status: 403 })]);
  assert.deepEqual(titles, ['openai/home needs a new key or login', 'openai/home needs a new key or login']);
  assert.deepEqual(why, ['duplicate', 'not-notable']);
  assert.match(shown[1]?.body ?? '', /refused it \(403\)/);
  assert.equal(shown[0]?.route, '/providers');
});

test('listening beyond loopback is told once per address; loopback never', () => {
  const lan = { type: 'listening', host: '0.0.0.0', url: 'http://0.0.0.0:20128' } as const;
  const { titles, shown } = play([{ type: 'listening', host: '127.0.0.1', url: 'http://127.0.0.1:20128' }, { type: 'listening', host: '::1', url: 'x' }, { type: 'listening', host: 'localhost', url: 'y' }, lan, lan]);
  assert.deepEqual(titles, ['The gateway is reachable from the network']);
  assert.match(shown[0]?.body ?? '', /http:\/\/0\.0\.0\.0:20128/);
  assert.equal(shown[0]?.route, '/settings');
});

test('an update is told once per version', () => {
  const { titles } = play([{ type: 'update-downloaded', version: '1.2.3' }, { type: 'update-downloaded', version: '1.2.3' }, { type: 'update-downloaded', version: '1.3.0' }]);
  assert.deepEqual(titles, ['Update 1.2.3 is ready', 'Update 1.3.0 is ready']);
});

test(`at most ${RATE_LIMIT.count} a minute: a burst says the first few, and the window slides`, () => {
  const burst = Array.from({ length: 7 }, (_, i): [DesktopEvent, number] => [quota(100, { connectionId: `c${i}`, label: `a${i}` }), T0 + i * 1000]);
  const { titles, why } = play([...burst, [quota(100, { connectionId: 'late', label: 'late' }), T0 + RATE_LIMIT.perMs + 1]]);
  assert.deepEqual(titles, ['Quota used up: anthropic/a0', 'Quota used up: anthropic/a1', 'Quota used up: anthropic/a2', 'Quota used up: anthropic/a3', 'Quota used up: anthropic/late']);
  assert.deepEqual(why, ['rate-limited', 'rate-limited', 'rate-limited']);
  // A rate-limited crossing was not said: the same crossing later is told.
  const again = play([...burst, [quota(100, { connectionId: 'c5', label: 'a5' }), T0 + 2 * RATE_LIMIT.perMs]]);
  assert.equal(again.titles.at(-1), 'Quota used up: anthropic/a5');
});
