import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { customProvider } from '../providers/custom.js';
import { resolveModel } from './resolve.js';
import { buildRouteTable, listModels } from './route-table.js';
import type { RuntimeConnection } from './route-table.js';

const conn = (providerId: string, label: string, priority = 100, enabled = true): RuntimeConnection => ({
  id: `${providerId}-${label}`,
  providerId,
  label,
  priority,
  enabled,
  apiKey: `key-${label}`,
});

const providers = [...Object.values(BUILTIN_PROVIDERS), customProvider({ id: 'local', format: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1/', models: ['llama'] })];

test('prefix/model picks the provider and its best-priority enabled account', () => {
  const table = buildRouteTable(providers, [conn('openrouter', 'b', 2), conn('openrouter', 'a', 1), conn('openrouter', 'off', 0, false)]);
  const r = resolveModel(table, 'openrouter/anthropic/claude-sonnet-4.5');
  assert.ok(r.ok);
  assert.equal(r.target.provider.id, 'openrouter');
  assert.equal(r.target.model, 'anthropic/claude-sonnet-4.5');
  assert.equal(r.target.connection.label, 'a');
});

test('a bare model id goes to a connected provider that declares it', () => {
  const table = buildRouteTable(providers, [conn('local', 'x')]);
  const r = resolveModel(table, 'llama');
  assert.ok(r.ok);
  assert.equal(r.target.provider.id, 'local');
  assert.equal(r.target.provider.baseUrl, 'http://127.0.0.1:1/v1');
});

test('unknown models and unconnected providers are clear 404s', () => {
  const table = buildRouteTable(providers, [conn('local', 'x')]);
  const unknown = resolveModel(table, 'gpt-nothing');
  assert.ok(!unknown.ok);
  assert.equal(unknown.error.status, 404);
  assert.match(unknown.error.message, /GET \/v1\/models/);
  const noKey = resolveModel(table, 'openai/gpt-5');
  assert.ok(!noKey.ok);
  assert.match(noKey.error.message, /OpenAI.*no enabled connection/);
});

test('listModels lists only connected providers, prefixed', () => {
  const ids = listModels(buildRouteTable(providers, [conn('local', 'x'), conn('deepseek', 'y')])).map((m) => m.id);
  assert.deepEqual(ids.sort(), ['deepseek/deepseek-chat', 'deepseek/deepseek-reasoner', 'local/llama']);
});

test('every built-in provider is complete data', () => {
  assert.ok(Object.keys(BUILTIN_PROVIDERS).length >= 15);
  for (const p of Object.values(BUILTIN_PROVIDERS)) {
    assert.match(p.baseUrl, /^https:\/\//, p.id);
    assert.ok(p.models.length > 0, p.id);
    assert.equal(p.prefix, p.id);
  }
});
