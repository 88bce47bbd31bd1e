import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from '../providers/builtin.js';
import { customProvider } from '../providers/custom.js';
import { resolveGroups, resolveModel } from './resolve.js';
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

test('model names that are Object.prototype keys are unknown models (404), not a crash (fuzz, issue 10)', () => {
  const table = buildRouteTable(providers, [conn('local', 'x')]);
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const r = resolveModel(table, name);
    assert.ok(!r.ok, name);
    assert.equal(r.error.status, 404, name);
  }
});

test('listModels lists only connected providers, prefixed', () => {
  const ids = listModels(buildRouteTable(providers, [conn('local', 'x'), conn('deepseek', 'y')])).map((m) => m.id);
  assert.deepEqual(ids.sort(), ['deepseek/deepseek-chat', 'deepseek/deepseek-reasoner', 'local/llama']);
});

test('every built-in provider is complete data', () => {
  assert.ok(Object.keys(BUILTIN_PROVIDERS).length >= 30);
  for (const p of Object.values(BUILTIN_PROVIDERS)) {
    assert.equal(p.prefix, p.id);
    if (p.local) {
      // A model server on this machine: plain HTTP on loopback, its models read live from it.
      assert.equal(new URL(p.baseUrl).hostname, '127.0.0.1', p.id);
      assert.equal(p.tier, 'local', p.id);
      continue;
    }
    assert.match(p.baseUrl, /^https:\/\//, p.id);
    assert.ok(p.models.length > 0, p.id);
  }
});

test('aliases: user exact and wildcard aliases, and retired model ids go to their successor when it is routable', () => {
  const withAnthropic = buildRouteTable(providers, [conn('anthropic', 'a'), conn('local', 'x')], {
    aliases: { fast: 'local/llama', 'claude-*': 'anthropic/claude-*', 'gpt-4': 'local/llama' },
  });
  const target = (name: string) => {
    const r = resolveModel(withAnthropic, name);
    assert.ok(r.ok, name);
    return `${r.target.provider.id}/${r.target.model}`;
  };
  assert.equal(target('fast'), 'local/llama');
  assert.equal(target('claude-opus-4-1'), 'anthropic/claude-opus-4-1', 'wildcard keeps the suffix');
  assert.equal(target('gpt-4'), 'local/llama', 'a user alias beats the built-in map');
  const noAliases = buildRouteTable(providers, [conn('anthropic', 'a')]);
  const r = resolveModel(noAliases, 'claude-3-5-sonnet-latest');
  assert.ok(r.ok);
  assert.equal(r.target.model, 'claude-sonnet-4-5');
  const unroutable = resolveModel(buildRouteTable(providers, [conn('local', 'x')]), 'claude-3-5-sonnet-latest');
  assert.ok(!unroutable.ok, 'no Anthropic connection: the retired id is not rewritten');
});

test('combos resolve to their enabled members in order, pinned accounts respected, and are listed', () => {
  const table = buildRouteTable(providers, [conn('anthropic', 'a'), conn('deepseek', 'd1', 1), conn('deepseek', 'd2', 2)], {
    combos: [
      { name: 'coding', members: [{ model: 'anthropic/claude-sonnet-4-5' }, { model: 'deepseek/deepseek-chat', connection: 'd2' }, { model: 'openai/gpt-5' }] },
      { name: 'off', enabled: false, members: [{ model: 'anthropic/claude-sonnet-4-5' }] },
    ],
  });
  const r = resolveGroups(table, 'coding');
  assert.ok(r.ok);
  assert.deepEqual(
    r.groups.map((g) => [g.provider.id, g.model, g.connections.map((c) => c.label)]),
    [
      ['anthropic', 'claude-sonnet-4-5', ['a']],
      ['deepseek', 'deepseek-chat', ['d2']],
    ],
    'unconnected openai member dropped, pinned account kept',
  );
  assert.ok(!resolveGroups(table, 'off').ok, 'a disabled combo is not a model name');
  const ids = listModels(table).map((m) => m.id);
  assert.ok(ids.includes('coding') && !ids.includes('off'));
});

test('a disabled provider is neither routable nor listed', () => {
  const table = buildRouteTable(providers, [conn('deepseek', 'd')], { disabledProviders: ['deepseek'] });
  assert.ok(!resolveModel(table, 'deepseek/deepseek-chat').ok);
  assert.deepEqual(listModels(table), []);
});
