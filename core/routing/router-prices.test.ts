import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { createPriceBook } from '../usage/price-book.js';
import type { ModelPrice } from '../usage/price-book.js';
import { buildRouteTable } from './route-table.js';
import type { RuntimeConnection } from './route-table.js';
import { createRouter } from './router.js';
import { createRoutingState } from './routing-state.js';

const conn = (providerId: string): RuntimeConnection => ({ id: `${providerId}-main`, providerId, label: 'main', priority: 100, enabled: true, apiKey: 'k' });

/** The providers a cost-optimized combo tries first, from the price book the router is given. */
function firstChoice(overrides: Record<string, ModelPrice>): string {
  const table = buildRouteTable(Object.values(BUILTIN_PROVIDERS), [conn('openai'), conn('deepseek')], {
    combos: [{ name: 'cheap', strategy: 'cost-optimized', members: [{ model: 'openai/gpt-5' }, { model: 'deepseek/deepseek-chat' }] }],
  });
  const router = createRouter({
    table: () => table,
    state: createRoutingState({ now: () => 0 }),
    settings: {},
    limits: [],
    now: () => 0,
    random: () => 0,
    prices: createPriceBook({ overrides }),
  });
  const plan = router.plan('cheap', 0);
  assert.ok(plan.ok);
  return plan.candidates.map((c) => c.provider.id).join(',');
}

test('cost-optimized routing reads the price book: built-in prices, then the user overrides', () => {
  // Built in, DeepSeek is far cheaper than GPT-5.
  assert.equal(firstChoice({}), 'deepseek,openai');
  assert.equal(firstChoice({ 'openai/gpt-5': { input: 0.01, output: 0.01 } }), 'openai,deepseek');
});
