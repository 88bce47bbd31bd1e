import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quotaAccounts } from './quota-accounts.js';
import type { QuotaWindowStatus } from './views.js';

const WINDOW: QuotaWindowStatus = { window: 'rolling-5h', source: 'config', unit: 'requests', used: 1, limit: 20, remaining: 19, resetAt: 5, resetInMs: 5, exhausted: false };

test('every account is listed under its provider, with its windows or none', () => {
  const groups = quotaAccounts({
    providers: [
      { id: 'b', name: 'Bee' },
      { id: 'a', name: 'Ay' },
    ],
    connections: [
      { id: '1', provider: 'a', label: 'second', enabled: true, priority: 20 },
      { id: '2', provider: 'a', label: 'first', enabled: false, priority: 10 },
      { id: '3', provider: 'b', label: 'only', enabled: true, priority: 100 },
    ],
    quota: {
      connections: [
        { connectionId: '1', providerId: 'a', label: 'second', windows: [WINDOW], blocked: null },
        { connectionId: '9', providerId: 'z', label: 'stray', windows: [], blocked: { until: null, message: 'x' } },
      ],
    },
  });
  assert.deepEqual(
    groups.map((g) => [g.providerId, g.providerName, g.accounts.map((a) => [a.label, a.enabled, a.windows.length, a.blocked !== null])]),
    [
      ['b', 'Bee', [['only', true, 0, false]]],
      [
        'a',
        'Ay',
        [
          ['first', false, 0, false],
          ['second', true, 1, false],
        ],
      ],
      ['z', 'z', [['stray', true, 0, true]]],
    ],
  );
});

test('no accounts, no groups', () => {
  assert.deepEqual(quotaAccounts({ providers: [{ id: 'a', name: 'A' }], connections: [], quota: { connections: [] } }), []);
});
