/** logs.list hands every filter of its input to the store, and the contract refuses a reversed range. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogPageRequest } from '../store/request-log-page.js';
import { usageHandlers, type UsageControlDeps } from './usage-handlers.js';
import { LogsListInput } from './usage-contract.js';

function handlersRecording(seen: LogPageRequest[]) {
  const store: UsageControlDeps['store'] = {
    analytics: { summary: async () => assert.fail('not called'), timeseries: async () => [] },
    logPages: {
      page: async (req) => {
        seen.push(req);
        return { entries: [], next: null };
      },
      get: async () => null,
    },
    connections: { list: async () => [], upsert: async () => assert.fail(), remove: async () => false, setEnabled: async () => false, relabel: async () => false },
    requestBodies: { get: async () => [] },
  };
  const backups: UsageControlDeps['backups'] = {
    create: async () => assert.fail(),
    restore: async () => assert.fail(),
    exportConfig: async () => assert.fail(),
    importConfig: async () => assert.fail(),
  };
  return usageHandlers({ store, backups }, (m) => new Error(m));
}

test('logs.list passes account, client format and the time range to the store', async () => {
  const seen: LogPageRequest[] = [];
  const h = handlersRecording(seen);
  const input = LogsListInput.parse({ limit: 20, account: 'conn-1', clientFormat: 'anthropic', from: 1000, to: 2000, key: 'bob', status: 'error' });
  await h['logs.list'](input);
  assert.deepEqual(seen, [{ limit: 20, account: 'conn-1', clientFormat: 'anthropic', from: 1000, to: 2000, key: 'bob', status: 'error' }]);
});

test('logs.list without filters asks for none', async () => {
  const seen: LogPageRequest[] = [];
  await handlersRecording(seen)['logs.list'](LogsListInput.parse({}));
  assert.deepEqual(seen, [{ limit: 50 }]);
});

test('a range whose end is not after its start is refused; an open-ended one is fine', () => {
  assert.equal(LogsListInput.safeParse({ from: 2000, to: 2000 }).success, false);
  assert.equal(LogsListInput.safeParse({ from: 2000 }).success, true);
  assert.equal(LogsListInput.safeParse({ to: 2000 }).success, true);
  assert.equal(LogsListInput.safeParse({ clientFormat: '' }).success, false);
});
