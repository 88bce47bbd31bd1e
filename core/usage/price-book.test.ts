import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { builtinPrices, createPriceBook, requestCost } from './price-book.js';

const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
};

test('the built-in table prices models the built-in providers declare, Anthropic with its 1.25x cache write', () => {
  const table = builtinPrices();
  for (const [providerId, models] of Object.entries(table)) {
    const provider = Object.values(BUILTIN_PROVIDERS).find((p) => p.id === providerId);
    assert.ok(provider, `pricing.json names unknown provider ${providerId}`);
    for (const model of Object.keys(models)) {
      assert.ok(provider.models.some((m) => m.id === model), `pricing.json prices ${providerId}/${model}, which the provider does not declare`);
    }
  }
  for (const [model, price] of Object.entries(table.anthropic ?? {})) {
    assert.equal(price.cacheWrite, price.input * 1.25, model);
  }
  assert.deepEqual(createPriceBook().price('anthropic', 'claude-sonnet-4-5'), { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
});

test('an override replaces the built-in price and prices models the table does not know', () => {
  const book = createPriceBook({ overrides: { 'anthropic/claude-sonnet-4-5': { input: 1, output: 2 }, 'my-llm/m-1': { input: 5, output: 6 } } });
  assert.deepEqual(book.price('anthropic', 'claude-sonnet-4-5'), { input: 1, output: 2 });
  assert.deepEqual(book.price('my-llm', 'm-1'), { input: 5, output: 6 });
  assert.deepEqual(book.price('openai', 'gpt-5'), { input: 1.25, output: 10, cachedInput: 0.125 });
  assert.equal(book.price('openai', 'no-such-model'), undefined);
  assert.equal(book.price('nobody', 'gpt-5'), undefined);
});

test('model ids with slashes are looked up whole', () => {
  const book = createPriceBook({ overrides: { 'openrouter/openai/gpt-5': { input: 9, output: 9 } } });
  assert.deepEqual(book.price('openrouter', 'openai/gpt-5'), { input: 9, output: 9 });
  assert.deepEqual(book.price('openrouter', 'qwen/qwen3-coder'), { input: 0.22, output: 0.95 });
});

test('cost: uncached input, cached reads, cache writes and output each at their own price', () => {
  const price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
  const usage = { inputTokens: 1000, cachedInputTokens: 600, cacheWriteTokens: 100, outputTokens: 200, reasoningTokens: 50 };
  // 300 uncached x 3 + 600 x 0.3 + 100 x 3.75 + 200 x 15 (reasoning is inside the 200).
  close(requestCost(usage, price), (300 * 3 + 600 * 0.3 + 100 * 3.75 + 200 * 15) / 1e6);
});

test('cost: cached reads and cache writes fall back to the input price', () => {
  const usage = { inputTokens: 100, cachedInputTokens: 40, cacheWriteTokens: 10, outputTokens: 7 };
  close(requestCost(usage, { input: 2, output: 4 }), (100 * 2 + 7 * 4) / 1e6);
});

test('cost: inconsistent counts never make the uncached part negative', () => {
  const usage = { inputTokens: 10, cachedInputTokens: 30, outputTokens: 0 };
  close(requestCost(usage, { input: 1, output: 1, cachedInput: 0.5 }), (30 * 0.5) / 1e6);
});

test('subscription billing costs 0 and an unknown price costs undefined', () => {
  const book = createPriceBook();
  const usage = { inputTokens: 1000, outputTokens: 1000 };
  assert.equal(book.cost({ usage, price: { input: 1, output: 1 }, billing: 'subscription' }), 0);
  assert.equal(book.cost({ usage, price: undefined, billing: 'subscription' }), 0);
  assert.equal(book.cost({ usage, price: undefined }), undefined);
  close(book.cost({ usage, price: { input: 1, output: 2 }, billing: 'metered' }), 0.003);
});
