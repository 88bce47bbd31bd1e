import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { classifyFailure } from '../routing/classify-failure.js';
import { createRoutingState, SNAPSHOT_KINDS } from '../routing/routing-state.js';
import { openStore, type RoutingStateRow } from './index.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-routing-state-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000;

const cooldown: RoutingStateRow = {
  kind: 'cooldown',
  key: 'account:c1',
  state: { until: T0 + 60_000, reason: 'rate_limited', since: T0, strikes: 1 },
  updatedAt: T0,
};
const breaker: RoutingStateRow = { kind: 'breaker', key: 'account:c1', state: { phase: 'open', openedAt: T0, coolOffMs: 30_000 }, updatedAt: T0 + 1 };
const limit: RoutingStateRow = { kind: 'limit', key: 'provider:openai', state: { rpm: 500, learnedAt: T0 }, updatedAt: T0 + 2 };

function byKey(rows: RoutingStateRow[]): RoutingStateRow[] {
  return [...rows].sort((a, b) => `${a.kind} ${a.key}`.localeCompare(`${b.kind} ${b.key}`));
}

test('rows saved survive closing and reopening the database; one key can hold several kinds', async () => {
  const dataDir = join(root, 'roundtrip');
  const first = await openStore({ dataDir });
  assert.deepEqual(await first.routingState.loadAll(), []);
  await first.routingState.saveAll([cooldown, breaker, limit]);
  await first.close();

  const second = await openStore({ dataDir });
  assert.deepEqual(byKey(await second.routingState.loadAll()), byKey([cooldown, breaker, limit]));
  await second.close();
});

test('saveAll upserts given rows and deletes unlisted rows of the saved kinds only', async () => {
  const store = await openStore({ dataDir: join(root, 'replace') });
  await store.routingState.saveAll([cooldown, breaker, limit]);
  const updated: RoutingStateRow = { ...cooldown, state: { ...(cooldown.state as object), until: T0 + 90_000 }, updatedAt: T0 + 5 };
  const fresh: RoutingStateRow = { ...cooldown, key: 'model:c2:gpt-4o' };
  await store.routingState.saveAll([updated, fresh], SNAPSHOT_KINDS);
  assert.deepEqual(byKey(await store.routingState.loadAll()), byKey([updated, fresh, limit]));

  await store.routingState.saveAll([], ['cooldown', 'breaker']);
  assert.deepEqual(await store.routingState.loadAll(), [limit]);
  await store.routingState.saveAll([]);
  assert.deepEqual(await store.routingState.loadAll(), []);
  await store.close();
});

test('saveAll refuses a row outside the kinds being saved and changes nothing', async () => {
  const store = await openStore({ dataDir: join(root, 'refuse') });
  await store.routingState.saveAll([cooldown, limit]);
  await assert.rejects(store.routingState.saveAll([breaker, limit], ['breaker']), /outside the kinds being saved/);
  await assert.rejects(store.routingState.saveAll([{ ...cooldown, state: 1n }], ['cooldown']), /not JSON-serialisable|BigInt/);
  assert.deepEqual(byKey(await store.routingState.loadAll()), byKey([cooldown, limit]));
  await store.close();
});

test('large saves are chunked and duplicates collapse to the last one', async () => {
  const store = await openStore({ dataDir: join(root, 'large') });
  const many: RoutingStateRow[] = Array.from({ length: 450 }, (_, i) => ({ ...cooldown, key: `account:c${String(i).padStart(3, '0')}`, updatedAt: i }));
  await store.routingState.saveAll([...many, { ...cooldown, key: 'account:c000', updatedAt: 999 }], ['cooldown']);
  const loaded = await store.routingState.loadAll();
  assert.equal(loaded.length, 450);
  assert.equal(loaded.find((r) => r.key === 'account:c000')?.updatedAt, 999);
  await store.routingState.saveAll(many.slice(0, 10), ['cooldown']);
  assert.deepEqual(
    (await store.routingState.loadAll()).map((r) => r.key),
    many.slice(0, 10).map((r) => r.key),
  );
  await store.close();
});

test('a row with corrupt JSON is skipped, the others load', async () => {
  const dataDir = join(root, 'corrupt');
  const store = await openStore({ dataDir });
  await store.routingState.saveAll([cooldown, limit]);
  const path = store.path;
  await store.close();
  const db = new Database(path);
  db.prepare("update routing_state set state = '{not json' where kind = 'cooldown'").run();
  db.close();
  const reopened = await openStore({ dataDir });
  assert.deepEqual(await reopened.routingState.loadAll(), [limit]);
  await reopened.close();
});

test('a restart keeps an open breaker open and a cooldown cooling until its time', async () => {
  const dataDir = join(root, 'restart');
  const clock = { t: T0 };
  const before = createRoutingState({ now: () => clock.t, random: () => 0.5, breaker: { threshold: 2, coolOffMs: 60_000 } });
  const openai = { providerId: 'openai', connectionId: 'c1', model: 'gpt-4o' };
  const anthropic = { providerId: 'anthropic', connectionId: 'a1', model: 'claude-sonnet-4' };
  before.recordFailure(openai, classifyFailure({ status: 429, error: { status: 429, kind: 'rate_limit', message: 'Too many requests for this API key, slow down' }, headers: { 'retry-after': '300' }, now: clock.t }));
  for (let i = 0; i < 2; i += 1) before.recordFailure(anthropic, classifyFailure({ status: 500, error: { status: 500, kind: 'api_error', message: 'boom' }, now: clock.t }));
  assert.equal(before.check(anthropic).allowed, false);

  const store = await openStore({ dataDir });
  await store.routingState.saveAll(before.snapshot(), SNAPSHOT_KINDS);
  await store.close();

  const reopened = await openStore({ dataDir });
  clock.t = T0 + 30_000;
  const after = createRoutingState({ now: () => clock.t, random: () => 0.5, breaker: { threshold: 2, coolOffMs: 60_000 } });
  assert.deepEqual(after.restore(await reopened.routingState.loadAll()), { restored: 3, dropped: 0 });
  await reopened.close();

  assert.deepEqual(after.check(anthropic), { allowed: false, blockedBy: 'breaker', key: 'provider:anthropic', until: T0 + 60_000 });
  assert.deepEqual(after.check(openai), { allowed: false, blockedBy: 'cooldown', key: 'account:c1', until: T0 + 300_000, reason: 'rate_limited' });
  clock.t = T0 + 60_000;
  assert.deepEqual(after.admit(anthropic), { allowed: true, trial: true });
  assert.equal(after.check(openai).allowed, false);
  clock.t = T0 + 300_000;
  assert.deepEqual(after.check(openai), { allowed: true, trial: false });
});

test('a refused key survives a restart for the same key and lapses when the key changed', async () => {
  const dataDir = join(root, 'key-rejected');
  const clock = { t: T0 };
  let credential = 'fp-1';
  const options = { now: () => clock.t, credentialOf: (id: string) => (id === 'c1' ? credential : undefined) };
  const before = createRoutingState(options);
  const target = { providerId: 'openai', connectionId: 'c1', model: 'gpt-4o' };
  before.recordFailure(target, classifyFailure({ status: 401, error: { status: 401, kind: 'authentication', message: 'Incorrect API key provided' }, now: clock.t }));
  assert.deepEqual(before.keyRejections(), [{ key: 'account:c1', reason: 'authentication_failed', status: 401, since: T0 }]);

  const store = await openStore({ dataDir });
  await store.routingState.saveAll(before.snapshot(), SNAPSHOT_KINDS);
  await store.close();
  const reopened = await openStore({ dataDir });
  const rows = await reopened.routingState.loadAll();
  await reopened.close();
  assert.ok(!JSON.stringify(rows).includes('Incorrect API key'), 'no upstream text is stored');

  clock.t = T0 + 24 * 3_600_000;
  const same = createRoutingState(options);
  assert.deepEqual(same.restore(rows), { restored: 1, dropped: 0 });
  assert.deepEqual(same.check(target), { allowed: false, blockedBy: 'key_rejected', key: 'account:c1', reason: 'authentication_failed' });

  credential = 'fp-2';
  const changed = createRoutingState(options);
  assert.deepEqual(changed.restore(rows), { restored: 0, dropped: 1 });
  assert.deepEqual(changed.check(target), { allowed: true, trial: false });
  same.revalidateKeyRejections();
  assert.deepEqual(same.keyRejections(), [], 'a config reload with a new key lifts it too');
});
