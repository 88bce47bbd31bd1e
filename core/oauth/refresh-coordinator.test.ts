import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefreshCoordinator, type RefreshResult } from './refresh-coordinator.js';
import type { OAuthTokens, TokenVault } from './token-vault.js';

function memoryVault(initial: Record<string, OAuthTokens>, log: string[]): TokenVault {
  const records = new Map(Object.entries(initial));
  return {
    read: async (id) => records.get(id),
    write: async (id, tokens) => {
      log.push(`write ${tokens.accessToken} ${tokens.refreshToken ?? '-'}`);
      records.set(id, tokens);
    },
    remove: async (id) => void records.delete(id),
  };
}

const HOUR = 3_600_000;

function setup(refresh: (refreshToken: string) => Promise<RefreshResult>, tokens: OAuthTokens) {
  const log: string[] = [];
  const signIns: string[] = [];
  let now = 10 * HOUR;
  const vault = memoryVault({ acct: tokens }, log);
  const coordinator = createRefreshCoordinator({
    vault,
    refresh: async (_id, rt) => {
      log.push(`refresh ${rt}`);
      return refresh(rt);
    },
    leadMs: () => 5 * 60_000,
    now: () => now,
    onSignInAgain: (id, reason) => signIns.push(`${id}: ${reason}`),
  });
  return { coordinator, vault, log, signIns, advance: (ms: number) => (now += ms) };
}

test('20 concurrent requests on an expiring token make exactly one refresh, and all get the new token', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { coordinator, log } = setup(
    async () => {
      await gate;
      return { ok: true, tokens: { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 11 * HOUR } };
    },
    { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 10 * HOUR + 60_000 },
  );
  const asks = Array.from({ length: 20 }, () => coordinator.accessToken('acct'));
  release();
  const answers = await Promise.all(asks);
  assert.deepEqual(new Set(answers.map((a) => (a.ok ? a.token : a.reason))), new Set(['at-2']));
  assert.deepEqual(log, ['refresh rt-1', 'write at-2 rt-2'], 'one refresh; the rotated pair stored before anyone used it');
  assert.deepEqual(await coordinator.accessToken('acct'), { ok: true, token: 'at-2' }, 'no refresh while the new token is fresh');
});

test('a token outside its lead time is used as it is; a provider that does not rotate keeps the old refresh token', async () => {
  const { coordinator, log, advance, vault } = setup(async () => ({ ok: true, tokens: { accessToken: 'at-2', expiresAt: 20 * HOUR } }), {
    accessToken: 'at-1',
    refreshToken: 'rt-1',
    expiresAt: 11 * HOUR,
  });
  assert.deepEqual(await coordinator.accessToken('acct'), { ok: true, token: 'at-1' });
  assert.deepEqual(log, []);
  advance(56 * 60_000);
  assert.deepEqual(await coordinator.accessToken('acct'), { ok: true, token: 'at-2' });
  assert.equal((await vault.read('acct'))?.refreshToken, 'rt-1');
});

test('a 401 refreshes once; a request holding an older token after that refresh gets the new one without another', async () => {
  let n = 1;
  const { coordinator, log } = setup(async () => ({ ok: true, tokens: { accessToken: `at-${++n}`, refreshToken: `rt-${n}`, expiresAt: 20 * HOUR } }), {
    accessToken: 'at-1',
    refreshToken: 'rt-1',
    expiresAt: 20 * HOUR,
  });
  assert.deepEqual(await coordinator.afterUnauthorized('acct', 'at-1'), { ok: true, token: 'at-2' });
  assert.deepEqual(await coordinator.afterUnauthorized('acct', 'at-1'), { ok: true, token: 'at-2' });
  assert.deepEqual(log, ['refresh rt-1', 'write at-2 rt-2']);
});

test('invalid_grant marks the account "sign in again" once; nothing is retried until a new sign-in', async () => {
  const { coordinator, log, signIns } = setup(async () => ({ ok: false, error: 'invalid_grant', description: 'refresh token reused' }), {
    accessToken: 'at-1',
    refreshToken: 'rt-1',
    expiresAt: 10 * HOUR,
  });
  const first = await coordinator.accessToken('acct');
  assert.equal(first.ok ? 'ok' : first.reason, 'sign_in_again');
  await coordinator.accessToken('acct');
  await coordinator.afterUnauthorized('acct', 'at-1');
  assert.equal(log.length, 1, 'one refresh attempt in all');
  assert.equal(signIns.length, 1);
  assert.ok(coordinator.needsSignIn('acct'));
  assert.ok(!signIns[0]!.includes('rt-1') && !signIns[0]!.includes('at-1'), 'no token in the message');
  coordinator.signedIn('acct');
  assert.equal(coordinator.needsSignIn('acct'), false);
});

test('a failed refresh that is not a refusal (network, 5xx) is tried again on the next request', async () => {
  let fail = true;
  const { coordinator, log, signIns } = setup(
    async () => (fail ? { ok: false, error: 'network' } : { ok: true, tokens: { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 20 * HOUR } }),
    { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 10 * HOUR },
  );
  const first = await coordinator.accessToken('acct');
  assert.equal(first.ok ? 'ok' : first.reason, 'refresh_failed');
  fail = false;
  assert.deepEqual(await coordinator.accessToken('acct'), { ok: true, token: 'at-2' });
  assert.equal(log.filter((l) => l.startsWith('refresh')).length, 2);
  assert.deepEqual(signIns, []);
});
