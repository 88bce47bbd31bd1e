import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abandonProbe,
  accountKey,
  activeCooldowns,
  cool,
  cooldownEnd,
  coolingUntil,
  DEFAULT_COOLDOWN_CONFIG,
  dueProbes,
  emptyCooldownBook,
  isAvailable,
  modelKey,
  probeDue,
  probeFailed,
  probeInFlight,
  probeSucceeded,
  providerKey,
  prune,
  reset,
  startProbe,
  type CooldownConfig,
} from './cooldowns.js';
import type { GatewayError, GatewayErrorCode } from './gateway-error.js';

const T0 = 1_700_000_000_000;
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const A = accountKey('c1');
const scope = { connectionId: 'c1', providerId: 'openai', model: 'gpt-4o' };

function failure(code: GatewayErrorCode, retryAt?: number): GatewayError {
  const g: GatewayError = { code, status: 429, retryable: true, scope: 'account', error: { status: 429, kind: 'rate_limit', message: code } };
  if (retryAt !== undefined) g.retryAt = retryAt;
  return g;
}

test('keys name the scope', () => {
  assert.equal(accountKey('c1'), 'account:c1');
  assert.equal(modelKey('c1', 'gpt-4o'), 'model:c1:gpt-4o');
  assert.equal(providerKey('openai'), 'provider:openai');
});

test('a cooldown holds until its end, then the scope is available again', () => {
  const book = cool(emptyCooldownBook(), { key: A, until: T0 + 30 * SEC, reason: 'rate_limited', now: T0 });
  assert.equal(coolingUntil(book, A, T0), T0 + 30 * SEC);
  assert.equal(isAvailable(book, scope, T0 + 29_999), false);
  assert.equal(isAvailable(book, scope, T0 + 30 * SEC), true);
  assert.equal(coolingUntil(book, A, T0 + 30 * SEC), undefined);
});

test('concurrent failures share one cooldown: the later end wins, an earlier one is ignored', () => {
  const first = cool(emptyCooldownBook(), { key: A, until: T0 + 30 * SEC, reason: 'rate_limited', now: T0 });
  const earlier = cool(first, { key: A, until: T0 + 10 * SEC, reason: 'rate_limited', now: T0 + 1 });
  assert.equal(earlier, first, 'an earlier end leaves the book untouched');
  const same = cool(first, { key: A, until: T0 + 30 * SEC, reason: 'rate_limited', now: T0 + 2 });
  assert.equal(same, first, 'the same cooldown set twice is one entry');
  const later = cool(first, { key: A, until: T0 + 45 * SEC, reason: 'rate_limited', now: T0 + 3 });
  assert.equal(later.size, 1);
  assert.equal(coolingUntil(later, A, T0 + 3), T0 + 45 * SEC);
  const entry = later.get(A);
  assert.equal(entry?.strikes, 1, 'failures during a cooldown are not extra strikes');
  assert.equal(entry?.since, T0, 'an extended cooldown keeps its start');
  assert.equal(coolingUntil(first, A, T0), T0 + 30 * SEC, 'the old book is not mutated');
});

test('a cooldown that ends in the past is not set', () => {
  const book = emptyCooldownBook();
  assert.equal(cool(book, { key: A, until: T0, reason: 'rate_limited', now: T0 }), book);
});

test('a new cooldown after the last one ended is another strike; prune forgets strikes', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + 5 * SEC, reason: 'rate_limited', now: T0 });
  book = cool(book, { key: A, until: T0 + 20 * SEC, reason: 'rate_limited', now: T0 + 10 * SEC });
  assert.equal(book.get(A)?.strikes, 2);
  assert.equal(book.get(A)?.since, T0 + 10 * SEC);
  assert.equal(prune(book, T0 + 20 * SEC + MIN - 1, MIN), book);
  const pruned = prune(book, T0 + 20 * SEC + MIN, MIN);
  assert.equal(pruned.size, 0);
  assert.equal(cool(pruned, { key: A, until: T0 + 2 * HOUR, reason: 'rate_limited', now: T0 + HOUR }).get(A)?.strikes, 1);
});

test('scopes: a model cooldown spares other models, an account one blocks all, a provider one blocks every account', () => {
  const model = cool(emptyCooldownBook(), { key: modelKey('c1', 'gpt-4o'), until: T0 + MIN, reason: 'rate_limited', now: T0 });
  assert.equal(isAvailable(model, scope, T0), false);
  assert.equal(isAvailable(model, { ...scope, model: 'gpt-4o-mini' }, T0), true);
  assert.equal(isAvailable(model, { ...scope, connectionId: 'c2' }, T0), true);

  const account = cool(emptyCooldownBook(), { key: A, until: T0 + MIN, reason: 'quota_exhausted', now: T0 });
  assert.equal(isAvailable(account, { ...scope, model: 'gpt-4o-mini' }, T0), false);
  assert.equal(isAvailable(account, { connectionId: 'c1', providerId: 'openai' }, T0), false);
  assert.equal(isAvailable(account, { ...scope, connectionId: 'c2' }, T0), true);

  const provider = cool(emptyCooldownBook(), { key: providerKey('openai'), until: T0 + MIN, reason: 'connection_failed', now: T0 });
  assert.equal(isAvailable(provider, { ...scope, connectionId: 'c2' }, T0), false);
  assert.equal(isAvailable(provider, { ...scope, providerId: 'anthropic', connectionId: 'c3' }, T0), true);
});

test('activeCooldowns lists the blocking ones, latest end first', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + MIN, reason: 'rate_limited', now: T0 });
  book = cool(book, { key: modelKey('c1', 'gpt-4o'), until: T0 + 5 * MIN, reason: 'quota_exhausted', now: T0 });
  book = cool(book, { key: accountKey('c2'), until: T0 + 9 * MIN, reason: 'rate_limited', now: T0 });
  assert.deepEqual(activeCooldowns(book, scope, T0), [
    { key: 'model:c1:gpt-4o', until: T0 + 5 * MIN, reason: 'quota_exhausted' },
    { key: 'account:c1', until: T0 + MIN, reason: 'rate_limited' },
  ]);
  assert.deepEqual(activeCooldowns(book, scope, T0 + 5 * MIN), []);
});

test('reset removes one key and leaves the others', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + MIN, reason: 'rate_limited', now: T0 });
  book = cool(book, { key: accountKey('c2'), until: T0 + MIN, reason: 'rate_limited', now: T0 });
  const after = reset(book, A);
  assert.equal(coolingUntil(after, A, T0), undefined);
  assert.equal(coolingUntil(after, accountKey('c2'), T0), T0 + MIN);
  assert.equal(reset(after, A), after);
});

test('cooldownEnd: the provider reset time wins, else a default per kind', () => {
  const book = emptyCooldownBook();
  const input = { key: A, now: T0, random: () => 0.5 };
  assert.equal(cooldownEnd(book, { ...input, error: failure('rate_limited', T0 + 7 * SEC) }), T0 + 7 * SEC);
  assert.equal(cooldownEnd(book, { ...input, error: failure('quota_exhausted', T0 - 1) }), undefined, 'a reset in the past cools nothing');
  assert.equal(cooldownEnd(book, { ...input, error: failure('authentication_failed') }), T0 + HOUR);
  assert.equal(cooldownEnd(book, { ...input, error: failure('permission_denied') }), T0 + HOUR);
  assert.equal(cooldownEnd(book, { ...input, error: failure('quota_exhausted') }), T0 + HOUR);
  assert.equal(cooldownEnd(book, { ...input, error: failure('upstream_error') }), undefined);
  assert.equal(cooldownEnd(book, { ...input, error: failure('connection_failed') }), undefined);
});

test('a failure of another kind during a cooldown gets its own end; the book keeps the later one', () => {
  const book = cool(emptyCooldownBook(), { key: A, until: T0 + 2 * SEC, reason: 'rate_limited', now: T0 });
  const end = cooldownEnd(book, { key: A, error: failure('quota_exhausted'), now: T0 + 1, random: () => 0.5 });
  assert.equal(end, T0 + 1 + HOUR);
  const next = cool(book, { key: A, until: end ?? 0, reason: 'quota_exhausted', now: T0 + 1 });
  assert.equal(next.get(A)?.reason, 'quota_exhausted');
  assert.equal(next.get(A)?.strikes, 1);
});

test('rate limits without a reset back off over strikes, with full jitter and a floor', () => {
  const config: CooldownConfig = { ...DEFAULT_COOLDOWN_CONFIG, rateLimitBaseMs: 2 * SEC, rateLimitMaxMs: 10 * SEC, rateLimitMinMs: 500 };
  const end = (book: ReturnType<typeof emptyCooldownBook>, now: number, r: number) =>
    cooldownEnd(book, { key: A, error: failure('rate_limited'), now, random: () => r, config });
  let book = emptyCooldownBook();
  assert.equal(end(book, T0, 0.999_999), T0 + 1_999, 'strike 1: up to base');
  assert.equal(end(book, T0, 0), T0 + 500, 'a draw of 0 still waits the floor');
  book = cool(book, { key: A, until: T0 + 1_000, reason: 'rate_limited', now: T0, config });
  assert.equal(end(book, T0 + 500, 0.999_999), T0 + 1_000, 'during the cooldown: shared, not pushed');
  assert.equal(end(book, T0 + 2_000, 0.5), T0 + 2_000 + 2_000, 'after it: strike 2, window doubled');
  book = cool(book, { key: A, until: T0 + 4_000, reason: 'rate_limited', now: T0 + 2_000, config });
  book = cool(book, { key: A, until: T0 + 9_000, reason: 'rate_limited', now: T0 + 5_000, config });
  book = cool(book, { key: A, until: T0 + 19_000, reason: 'rate_limited', now: T0 + 10_000, config });
  assert.equal(book.get(A)?.strikes, 4);
  assert.equal(end(book, T0 + 20_000, 0.999_999), T0 + 20_000 + 9_999, 'the window stops at the maximum');
});

const PROBE: CooldownConfig = { ...DEFAULT_COOLDOWN_CONFIG, reprobeAfterMs: 10 * MIN, maxProbeIntervalMs: 40 * MIN, probeTimeoutMs: 2 * MIN };

test('a short cooldown is trusted: no probes', () => {
  const book = cool(emptyCooldownBook(), { key: A, until: T0 + 10 * MIN, reason: 'rate_limited', now: T0, config: PROBE });
  assert.equal(book.get(A)?.probe, undefined);
  assert.equal(probeDue(book, A, T0 + 9 * MIN, PROBE), false);
});

test('a long cooldown is re-probed on a doubling, bounded schedule, one probe at a time', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + 3 * 24 * HOUR, reason: 'quota_exhausted', now: T0, config: PROBE });
  assert.equal(probeDue(book, A, T0 + 10 * MIN - 1, PROBE), false);
  let t = T0 + 10 * MIN;
  assert.equal(probeDue(book, A, t, PROBE), true);
  assert.deepEqual(dueProbes(book, t, PROBE), [A]);

  book = startProbe(book, A, t, PROBE);
  assert.equal(probeInFlight(book, A), true);
  assert.equal(probeDue(book, A, t, PROBE), false, 'at most one probe in flight');
  assert.equal(startProbe(book, A, t, PROBE), book);

  const waits: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    book = probeFailed(book, A, { now: t, config: PROBE });
    const next = book.get(A)?.probe?.nextAt ?? Number.NaN;
    waits.push(next - t);
    assert.equal(probeDue(book, A, next - 1, PROBE), false);
    assert.equal(probeDue(book, A, next, PROBE), true);
    t = next;
    book = startProbe(book, A, t, PROBE);
  }
  assert.deepEqual(waits, [20 * MIN, 40 * MIN, 40 * MIN, 40 * MIN, 40 * MIN]);
  assert.equal(coolingUntil(book, A, t), T0 + 3 * 24 * HOUR, 'failed probes keep the cooldown');

  book = probeSucceeded(book, A);
  assert.equal(isAvailable(book, scope, t), true);
});

test('a probe that never reports stops blocking after the probe timeout', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + 5 * HOUR, reason: 'authentication_failed', now: T0, config: PROBE });
  book = startProbe(book, A, T0 + 10 * MIN, PROBE);
  assert.equal(probeDue(book, A, T0 + 12 * MIN - 1, PROBE), false);
  assert.equal(probeDue(book, A, T0 + 12 * MIN, PROBE), true);
});

test('an abandoned probe frees the slot at once', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + 5 * HOUR, reason: 'authentication_failed', now: T0, config: PROBE });
  const idle = book;
  assert.equal(abandonProbe(idle, A), idle);
  book = startProbe(book, A, T0 + 10 * MIN, PROBE);
  book = abandonProbe(book, A);
  assert.equal(probeInFlight(book, A), false);
  assert.equal(probeDue(book, A, T0 + 10 * MIN, PROBE), true);
});

test('a failed probe that brings a fresh reset time replaces the old one', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + 48 * HOUR, reason: 'quota_exhausted', now: T0, config: PROBE });
  book = startProbe(book, A, T0 + 10 * MIN, PROBE);
  book = probeFailed(book, A, { now: T0 + 10 * MIN, until: T0 + 2 * HOUR, config: PROBE });
  assert.equal(coolingUntil(book, A, T0 + 10 * MIN), T0 + 2 * HOUR);
});

test('no probe is due once the cooldown has ended or for unknown keys', () => {
  const book = cool(emptyCooldownBook(), { key: A, until: T0 + HOUR, reason: 'quota_exhausted', now: T0, config: PROBE });
  assert.equal(probeDue(book, A, T0 + HOUR, PROBE), false);
  assert.equal(probeDue(book, 'account:nobody', T0 + 30 * MIN, PROBE), false);
  assert.equal(probeFailed(book, 'account:nobody', { now: T0 }), book);
});

test('extending an active cooldown past the re-probe threshold schedules probes from its start', () => {
  let book = cool(emptyCooldownBook(), { key: A, until: T0 + MIN, reason: 'rate_limited', now: T0, config: PROBE });
  book = cool(book, { key: A, until: T0 + 6 * HOUR, reason: 'quota_exhausted', now: T0 + 30 * SEC, config: PROBE });
  assert.equal(book.get(A)?.reason, 'quota_exhausted');
  assert.equal(book.get(A)?.probe?.nextAt, T0 + 10 * MIN);
});
