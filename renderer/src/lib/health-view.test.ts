import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountHasState, healthView, providerHasState, scopeState } from './health-view.js';
import type { RoutingStatus } from './views.js';

const NOW = 1_000_000;
const empty: RoutingStatus = { cooldowns: [], breakers: [], keyRejected: [], limits: [] };
const providers = [
  { id: 'openai', name: 'OpenAI' },
  { id: 'idle', name: 'Idle' },
];
const connections = [
  { id: 'a1', provider: 'openai', label: 'work', enabled: true },
  { id: 'a2', provider: 'openai', label: 'home', enabled: false },
  { id: 'c1', provider: 'custom-x', label: 'main', enabled: true },
];

test('accounts go under their provider; providers without accounts or state are left out', () => {
  const v = healthView({ providers, connections, routing: empty, now: NOW });
  assert.deepEqual(
    v.providers.map((p) => [p.id, p.name, p.accounts.map((a) => a.label)]),
    [
      ['openai', 'OpenAI', ['work', 'home']],
      ['custom-x', 'custom-x', ['main']],
    ],
  );
  assert.deepEqual(v.other, []);
  assert.equal(providerHasState(v.providers[0]!), false);
});

test('breakers, cooldowns, refused keys and limits find their scope; the rest is "other"', () => {
  const routing: RoutingStatus = {
    breakers: [
      { key: 'provider:openai', phase: 'open', failures: 3, reopensAt: NOW + 5000 },
      { key: 'account:a1', phase: 'closed', failures: 1 },
      { key: 'account:gone', phase: 'open', failures: 3, reopensAt: NOW + 5000 },
    ],
    cooldowns: [
      { key: 'model:a1:gpt-4o', until: NOW + 1000, reason: 'rate_limited', strikes: 1, probing: false },
      { key: 'model:a1:old', until: NOW - 1, reason: 'rate_limited', strikes: 1, probing: false },
      { key: 'account:c1', until: NOW + 9000, reason: 'overloaded', strikes: 2, probing: true },
    ],
    keyRejected: [{ key: 'account:a2', state: 'key_rejected', reason: 'authentication_failed', status: 401, since: NOW - 10 }],
    limits: [{ key: 'account:a1', requestsLimit: 10, requestsRemaining: 4, at: NOW - 100 }],
  };
  const v = healthView({ providers, connections, routing, now: NOW });
  const [openai, custom] = v.providers;
  assert.deepEqual(scopeState(openai!.scope, NOW), { kind: 'breaker-open', reopensAt: NOW + 5000 });
  const [work, home] = openai!.accounts;
  assert.deepEqual(scopeState(work!.scope, NOW), { kind: 'healthy', failures: 1 });
  assert.deepEqual(work!.models.map((m) => m.model), ['gpt-4o'], 'an ended cooldown is dropped');
  assert.equal(work!.limit?.requestsRemaining, 4);
  assert.deepEqual(scopeState(home!.scope, NOW), { kind: 'key-rejected', status: 401, since: NOW - 10 });
  assert.deepEqual(scopeState(custom!.accounts[0]!.scope, NOW), { kind: 'cooling', until: NOW + 9000, reason: 'overloaded', strikes: 2, probing: true });
  assert.deepEqual(v.other, ['account:gone']);
  assert.equal(providerHasState(openai!), true);
  assert.equal(accountHasState(work!), true, 'a closed breaker with failures can be reset');
});

test('an open breaker past its cool-off reads as half-open; a cooldown ends with the clock', () => {
  const routing: RoutingStatus = {
    ...empty,
    breakers: [{ key: 'provider:openai', phase: 'open', failures: 3, reopensAt: NOW + 5000 }],
    cooldowns: [{ key: 'account:a1', until: NOW + 2000, reason: 'timeout', strikes: 1, probing: false }],
  };
  const v = healthView({ providers, connections, routing, now: NOW });
  assert.equal(scopeState(v.providers[0]!.scope, NOW + 6000).kind, 'breaker-half-open');
  assert.equal(scopeState(v.providers[0]!.accounts[0]!.scope, NOW + 1999).kind, 'cooling');
  assert.equal(scopeState(v.providers[0]!.accounts[0]!.scope, NOW + 2000).kind, 'healthy');
});

test('a provider with state but no accounts is still shown', () => {
  const routing: RoutingStatus = { ...empty, breakers: [{ key: 'provider:idle', phase: 'half-open', failures: 0 }] };
  const v = healthView({ providers, connections: [], routing, now: NOW });
  assert.deepEqual(v.providers.map((p) => p.id), ['idle']);
  assert.equal(scopeState(v.providers[0]!.scope, NOW).kind, 'breaker-half-open');
});
