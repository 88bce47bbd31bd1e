import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FILTER_KEYS, isFiltered, mergeHead, NO_FILTERS, sameFilters, optionsRange, parseLocal, toListInput } from './logs-query.js';
import type { LogEntry } from './logs-types.js';

const NOW = Date.UTC(2024, 2, 10, 12);

test('no filters ask for the page size only', () => {
  assert.deepEqual(toListInput(NO_FILTERS, NOW, 200), { ok: true, input: { limit: 200 } });
  assert.equal(isFiltered(NO_FILTERS), false);
});

test('every filter maps to its logs.list field', () => {
  const q = toListInput({ ...NO_FILTERS, range: '1h', status: '429', model: 'm', provider: 'p', account: 'c1', key: 'bob', clientFormat: 'anthropic' }, NOW, 50);
  assert.deepEqual(q, { ok: true, input: { limit: 50, from: NOW - 3_600_000, status: 429, model: 'm', provider: 'p', account: 'c1', key: 'bob', clientFormat: 'anthropic' } });
  assert.deepEqual(toListInput({ ...NO_FILTERS, status: 'error' }, NOW, 1), { ok: true, input: { limit: 1, status: 'error' } });
  assert.equal(isFiltered({ ...NO_FILTERS, key: 'bob' }), true);
});

test('a custom range is local time, open at either end, and refused when reversed', () => {
  const from = new Date(2024, 2, 10, 9, 30).getTime();
  const to = new Date(2024, 2, 10, 10, 0).getTime();
  const custom = { ...NO_FILTERS, range: 'custom' as const, customFrom: '2024-03-10T09:30', customTo: '2024-03-10T10:00' };
  assert.deepEqual(toListInput(custom, NOW, 10), { ok: true, input: { limit: 10, from, to } });
  assert.deepEqual(toListInput({ ...custom, customTo: '' }, NOW, 10), { ok: true, input: { limit: 10, from } });
  assert.deepEqual(toListInput({ ...custom, customTo: '2024-03-10T09:30' }, NOW, 10), { ok: false, reason: 'range' });
  assert.equal(isFiltered({ ...NO_FILTERS, range: 'custom' }), false, 'an empty custom range narrows nothing');
  assert.equal(parseLocal('not a date'), undefined);
});

test('filter options span the chosen range, or everything up to a minute ahead', () => {
  assert.deepEqual(optionsRange(NO_FILTERS, NOW), { from: 0, to: NOW + 60_000 });
  assert.deepEqual(optionsRange({ ...NO_FILTERS, range: '24h' }, NOW), { from: NOW - 86_400_000, to: NOW + 60_000 });
});

function row(id: string, ts: number): LogEntry {
  return {
    id, ts, clientFormat: 'openai-chat', requestedModel: 'm', providerId: null, connectionId: null, upstreamModel: null, upstreamFormat: null, stream: false, status: 200, latencyMs: 1, ttftMs: null,
    inputTokens: null, outputTokens: null, cachedTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null, usageEstimated: false, keyLabel: null, errorCode: null, attempts: 1, fallbacks: 0, warnings: [], endpoint: null,
  };
}

test('the live head goes on top once, without duplicates', () => {
  const shown = [row('b', 20), row('a', 10)];
  const merged = mergeHead(shown, [row('d', 40), row('c', 30), row('b', 20)], true);
  assert.deepEqual(merged.rows.map((r) => r.id), ['d', 'c', 'b', 'a']);
  assert.equal(merged.added, 2);
  assert.equal(merged.gap, false);
  assert.equal(mergeHead(merged.rows, [row('d', 40)], false).added, 0);
});

test('a head that does not reach the shown rows is a gap; an empty list simply takes it', () => {
  assert.equal(mergeHead([row('a', 10)], [row('z', 90), row('y', 80)], true).gap, true);
  assert.deepEqual(mergeHead([], [row('z', 90)], false).rows.map((r) => r.id), ['z']);
  // A short head with nothing in common is complete: everything newer is in it.
  assert.deepEqual(mergeHead([row('a', 10)], [row('z', 90)], false).rows.map((r) => r.id), ['z', 'a']);
});

test('sameFilters compares every field', () => {
  assert.deepEqual([...FILTER_KEYS].sort(), Object.keys(NO_FILTERS).sort());
  assert.equal(sameFilters(NO_FILTERS, { ...NO_FILTERS }), true);
  for (const k of FILTER_KEYS) assert.equal(sameFilters(NO_FILTERS, { ...NO_FILTERS, [k]: 'x' }), false, k);
});
