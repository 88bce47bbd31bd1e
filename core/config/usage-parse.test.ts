import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig, type ParseConfigResult } from './parse-config.js';

const builtinProviderIds = ['openai', 'anthropic'] as const;

function yaml(text: string): ParseConfigResult {
  return parseConfig(text, { fileName: 'omniroute.yaml', env: { TEAM_KEY: 'team-secret' }, builtinProviderIds });
}

function errorsOf(result: ParseConfigResult): string[] {
  assert.equal(result.ok, false, 'expected errors');
  return result.ok ? [] : result.errors;
}

test('gateway keys take a label and a budget; strings get numbered labels', () => {
  const result = yaml(`
server:
  apiKeys:
    - plain-key
    - { key: "env:TEAM_KEY", label: team, budget: { daily: 2.5 } }
`);
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  assert.deepEqual(result.config.server.apiKeys, [
    { key: 'plain-key', label: 'key-1' },
    { key: 'team-secret', label: 'team', budget: { daily: 2.5 } },
  ]);
});

test('a duplicate key label, an empty budget and a bad label are errors with their paths', () => {
  const duplicate = errorsOf(yaml('server: { apiKeys: [{ key: a, label: team }, { key: b, label: team }] }'));
  assert.deepEqual(duplicate, ['server.apiKeys[1].label: duplicate label "team" (also server.apiKeys[0])']);
  const errors = errorsOf(
    yaml(`
server:
  apiKeys:
    - { key: c, label: "bad/label" }
    - { key: d, label: ok, budget: {} }
`),
  );
  assert.ok(errors.some((e) => e.includes('server.apiKeys[0].label')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('server.apiKeys[1]') && e.includes('set daily, monthly or both')), errors.join('\n'));
});

test('requestLog is false or a mapping, and is spelled out after parsing', () => {
  const off = yaml('server: { requestLog: false }');
  assert.ok(off.ok);
  assert.deepEqual(off.config.server.requestLog, { enabled: false });
  const detailed = yaml('server: { requestLog: { retentionDays: 7, maxRows: 1000, captureBodies: true, bodyLimitBytes: 4096 } }');
  assert.ok(detailed.ok);
  assert.deepEqual(detailed.config.server.requestLog, { retentionDays: 7, maxRows: 1000, captureBodies: true, bodyLimitBytes: 4096 });
  const errors = errorsOf(yaml('server: { requestLog: { maxRows: 0, keepBodies: true } }'));
  assert.ok(errors.length > 0);
});

test('connections take billing and quota windows; window fields must fit the kind', () => {
  const result = yaml(`
connections:
  - provider: openai
    label: plus
    apiKey: k
    billing: subscription
    quota:
      - { kind: rolling, hours: 5, limit: 200, unit: requests }
      - { kind: weekly, limit: 5000000, unit: tokens }
      - { kind: fixed, hours: 24, anchor: "2026-01-01T07:00:00Z", limit: 10, unit: usd }
`);
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  assert.equal(result.config.connections[0]?.billing, 'subscription');
  assert.equal(result.config.connections[0]?.quota?.length, 3);

  const errors = errorsOf(
    yaml(`
connections:
  - provider: openai
    label: a
    apiKey: k
    billing: prepaid
    quota:
      - { kind: rolling, limit: 200, unit: requests }
      - { kind: daily, hours: 24, limit: 1, unit: tokens }
      - { kind: fixed, hours: 24, limit: 1, unit: tokens }
      - { kind: monthly, limit: 1, unit: coins }
`),
  );
  const joined = errors.join('\n');
  assert.match(joined, /connections\[0\]\.billing/);
  assert.match(joined, /connections\[0\]\.quota\[0\].*need hours/);
  assert.match(joined, /connections\[0\]\.quota\[1\].*take none/);
  assert.match(joined, /connections\[0\]\.quota\[2\].*needs anchor/);
  assert.match(joined, /connections\[0\]\.quota\[3\]\.unit/);
});

test('pricing overrides name a known provider and model; budgets a known provider or tier', () => {
  const result = yaml(`
pricing:
  "openai/gpt-5": { input: 1, output: 8, cachedInput: 0.1 }
budgets:
  - { scope: provider, id: openai, daily: 5 }
  - { scope: tier, id: api-key, monthly: 50 }
`);
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  assert.deepEqual(result.config.pricing, { 'openai/gpt-5': { input: 1, output: 8, cachedInput: 0.1 } });
  assert.equal(result.config.budgets.length, 2);

  const errors = errorsOf(
    yaml(`
pricing:
  "nobody/model-x": { input: 1, output: 1 }
  gpt-5: { input: 1, output: 1 }
  "openai/gpt-4o": { input: -1, output: 1 }
budgets:
  - { scope: provider, id: nobody, daily: 1 }
  - { scope: tier, id: premium, daily: 1 }
  - { scope: provider, id: openai }
`),
  );
  const joined = errors.join('\n');
  assert.match(joined, /pricing\.nobody\/model-x.*unknown provider "nobody"/);
  assert.match(joined, /pricing\.gpt-5.*must be "<provider>\/<model>"/);
  assert.match(joined, /pricing\.openai\/gpt-4o\.input/);
  assert.match(joined, /budgets\[0\]\.id.*unknown provider "nobody"/);
  assert.match(joined, /budgets\[1\]\.id.*unknown tier "premium"/);
  assert.match(joined, /budgets\[2\].*set daily, monthly or both/);
});

test('budgets or quota windows with the request log off are an error', () => {
  const errors = errorsOf(
    yaml(`
server: { requestLog: false }
budgets:
  - { scope: provider, id: openai, daily: 5 }
`),
  );
  assert.deepEqual(errors, ['server.requestLog: budgets and quota windows are counted from the request log: keep it on, or remove them']);
  assert.equal(yaml('server: { requestLog: false }').ok, true, 'the log may be off when nothing is counted');
});

test('a base URL carrying user:password@ is refused', () => {
  const errors = errorsOf(yaml('connections:\n  - { provider: openai, label: a, apiKey: k, baseUrl: "https://me:tok@proxy.example/v1" }\n'));
  assert.deepEqual(errors, ['connections[0].baseUrl: must not carry user:password@; put the key in apiKey']);
});
