import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountHealth, tightestWindow } from './account-health.js';
import { memberHealth } from './member-health.js';
import type { ConnectionView, QuotaStatus, QuotaWindowStatus, RoutingStatus } from './views.js';

const NOW = 1_000_000;
const none: RoutingStatus = { cooldowns: [], breakers: [], limits: [], keyRejected: [] };
const noQuota: QuotaStatus = { connections: [] };
const c = { id: 'c1', enabled: true };

function window(over: Partial<QuotaWindowStatus>): QuotaWindowStatus {
  return { window: 'rolling-5h', source: 'config', unit: 'requests', used: 0, limit: 100, remaining: 100, resetAt: null, resetInMs: null, exhausted: false, ...over };
}

test('an account with nothing against it is healthy', () => {
  assert.deepEqual(accountHealth({ connection: c, routing: none, quota: noQuota, now: NOW }), { kind: 'healthy', coolingModels: [] });
});

test('disabled wins over everything, then a rejected key, spent quota, an open breaker, a cooldown', () => {
  const routing: RoutingStatus = {
    cooldowns: [{ key: 'account:c1', until: NOW + 60_000, reason: 'rate_limited', strikes: 1, probing: false }],
    breakers: [{ key: 'account:c1', phase: 'open', failures: 5, reopensAt: NOW + 30_000 }],
    limits: [],
    keyRejected: [{ key: 'account:c1', state: 'key_rejected', reason: 'authentication_failed', status: 401, since: NOW - 5 }],
  };
  const quota: QuotaStatus = { connections: [{ connectionId: 'c1', providerId: 'p', label: 'l', windows: [window({ remaining: 0, exhausted: true, resetAt: NOW + 9 })], blocked: null }] };
  assert.equal(accountHealth({ connection: { ...c, enabled: false }, routing, quota, now: NOW }).kind, 'disabled');
  assert.deepEqual(accountHealth({ connection: c, routing, quota, now: NOW }), { kind: 'key-rejected', status: 401, since: NOW - 5 });
  const noReject = { ...routing, keyRejected: [] };
  assert.deepEqual(accountHealth({ connection: c, routing: noReject, quota, now: NOW }), { kind: 'quota-spent', window: 'rolling-5h', until: NOW + 9 });
  assert.deepEqual(accountHealth({ connection: c, routing: noReject, quota: noQuota, now: NOW }), { kind: 'breaker-open', until: NOW + 30_000 });
  assert.deepEqual(accountHealth({ connection: c, routing: { ...noReject, breakers: [] }, quota: noQuota, now: NOW }), {
    kind: 'cooling',
    until: NOW + 60_000,
    reason: 'rate_limited',
  });
});

test('a cooldown that has ended, or belongs to another account, does not count; model cooldowns are listed', () => {
  const routing: RoutingStatus = {
    ...none,
    cooldowns: [
      { key: 'account:c1', until: NOW - 1, reason: 'x', strikes: 1, probing: false },
      { key: 'account:c10', until: NOW + 5, reason: 'x', strikes: 1, probing: false },
      { key: 'model:c1:gpt-4o', until: NOW + 5, reason: 'x', strikes: 1, probing: false },
    ],
  };
  assert.deepEqual(accountHealth({ connection: c, routing, quota: noQuota, now: NOW }), { kind: 'healthy', coolingModels: ['gpt-4o'] });
});

test('the tightest window is the one with the smallest share left; a spent one wins', () => {
  assert.equal(tightestWindow([]), null);
  const a = window({ window: 'daily', remaining: 50, limit: 100 });
  const b = window({ window: 'weekly', remaining: 10, limit: 100 });
  assert.equal(tightestWindow([a, b])?.window.window, 'weekly');
  const balance = window({ window: 'balance', limit: null, used: null, remaining: 3 });
  assert.deepEqual(tightestWindow([balance]), { window: balance, fraction: null });
  assert.equal(tightestWindow([a, window({ window: 'x', exhausted: true, remaining: 0 })])?.fraction, 0);
});

test('a combo member is as healthy as the best account that can serve it; a pin limits that to one', () => {
  const conn = (id: string, label: string): ConnectionView => ({ id, provider: 'openai', label, priority: 10, enabled: true, baseUrl: null, hasKey: true, billing: 'metered', quota: [], source: 'user', createdAt: 0, updatedAt: 0 });
  const list = [conn('a', 'main'), conn('b', 'spare')];
  const routing: RoutingStatus = { ...none, cooldowns: [{ key: 'account:a', until: NOW + 5, reason: 'x', strikes: 1, probing: false }] };
  assert.equal(memberHealth({ model: 'openai/gpt-4o', connection: null }, list, routing, noQuota, NOW).health?.kind, 'healthy');
  assert.equal(memberHealth({ model: 'openai/gpt-4o', connection: 'main' }, list, routing, noQuota, NOW).health?.kind, 'cooling');
  assert.equal(memberHealth({ model: 'groq/llama', connection: null }, list, routing, noQuota, NOW).health, null);
  const modelCool: RoutingStatus = { ...none, cooldowns: [{ key: 'model:b:gpt-4o', until: NOW + 5, reason: 'x', strikes: 1, probing: false }] };
  assert.equal(memberHealth({ model: 'openai/gpt-4o', connection: 'spare' }, list, modelCool, noQuota, NOW).health?.kind, 'cooling');
});
