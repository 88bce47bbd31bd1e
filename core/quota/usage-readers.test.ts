import { test } from 'node:test';
import assert from 'node:assert/strict';
import { USAGE_READERS } from './usage-readers.js';

const now = Date.parse('2026-01-07T12:00:00Z');
const ctx = { now, origin: 'https://openrouter.ai' };

test('openrouter-key: limit, remaining and the calendar reset of the key limit', () => {
  const json = { data: { label: 'sk-or-v1-au7...890', limit: 100, limit_remaining: 74.5, limit_reset: 'weekly', usage: 25.5, usage_weekly: 25.5, is_free_tier: false } };
  assert.deepEqual(USAGE_READERS['openrouter-key'](json, ctx), [
    { window: 'key-limit-weekly', unit: 'usd', used: 25.5, limit: 100, remaining: 74.5, resetAt: Date.parse('2026-01-12T00:00:00Z'), exhausted: false },
  ]);
  const spent = USAGE_READERS['openrouter-key']({ data: { limit: 5, usage: 5.2, limit_remaining: 0, limit_reset: null } }, ctx);
  assert.deepEqual(spent, [{ window: 'key-limit', unit: 'usd', used: 5, limit: 5, remaining: 0, resetAt: null, exhausted: true }]);
  assert.deepEqual(USAGE_READERS['openrouter-key']({ data: { limit: null, usage: 3, limit_remaining: null } }, ctx), [], 'no limit, nothing to enforce');
  assert.equal(USAGE_READERS['openrouter-key']({ error: { code: 401, message: 'User not found.' } }, ctx), undefined);
});

test('deepseek-balance: the larger balance is shown; is_available alone decides whether the account is spent', () => {
  const json = {
    is_available: true,
    balance_infos: [
      { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
      { currency: 'USD', total_balance: '3.50', granted_balance: '0.00', topped_up_balance: '3.50' },
    ],
  };
  assert.deepEqual(USAGE_READERS['deepseek-balance'](json, ctx), [
    { window: 'balance', unit: 'cny', used: null, limit: null, remaining: 110, resetAt: null, exhausted: false },
  ]);
  const emptyUsd = {
    is_available: true,
    balance_infos: [
      { currency: 'USD', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' },
      { currency: 'CNY', total_balance: '25.00', granted_balance: '0.00', topped_up_balance: '25.00' },
    ],
  };
  assert.deepEqual(USAGE_READERS['deepseek-balance'](emptyUsd, ctx), [
    { window: 'balance', unit: 'cny', used: null, limit: null, remaining: 25, resetAt: null, exhausted: false },
  ], 'an empty USD entry beside a CNY balance is not a spent account');
  const usdOnly = { is_available: true, balance_infos: [{ currency: 'USD', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' }] };
  assert.equal(USAGE_READERS['deepseek-balance'](usdOnly, ctx)?.[0]?.exhausted, false, 'is_available true still serves');
  const spent = USAGE_READERS['deepseek-balance']({ is_available: false, balance_infos: [{ currency: 'CNY', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' }] }, ctx);
  assert.deepEqual(spent, [{ window: 'balance', unit: 'cny', used: null, limit: null, remaining: 0, resetAt: null, exhausted: true }]);
  const blocked = USAGE_READERS['deepseek-balance']({ is_available: false, balance_infos: [{ currency: 'USD', total_balance: '1.20', granted_balance: '1.20', topped_up_balance: '0.00' }] }, ctx);
  assert.equal(blocked?.[0]?.exhausted, true, 'a balance the provider says cannot pay for calls blocks');
  assert.equal(USAGE_READERS['deepseek-balance']({ balance_infos: 'x' }, ctx), undefined);
  assert.equal(USAGE_READERS['deepseek-balance']({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: 'n/a' }] }, ctx), undefined);
});

test('moonshot-balance: available_balance <= 0 blocks; the .cn host bills in CNY', () => {
  const json = { code: 0, data: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 }, scode: '0x0', status: true };
  assert.deepEqual(USAGE_READERS['moonshot-balance'](json, { now, origin: 'https://api.moonshot.ai' }), [
    { window: 'balance', unit: 'usd', used: null, limit: null, remaining: 49.58894, resetAt: null, exhausted: false },
  ]);
  const owed = { code: 0, data: { available_balance: 0, voucher_balance: 0, cash_balance: -2 }, scode: '0x0', status: true };
  const r = USAGE_READERS['moonshot-balance'](owed, { now, origin: 'https://api.moonshot.cn' });
  assert.equal(r?.[0]?.unit, 'cny');
  assert.equal(r?.[0]?.exhausted, true);
});
