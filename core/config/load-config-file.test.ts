import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfigFile } from './load-config-file.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omniroute-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});
const opts = { env: { KEY: 'k-from-env' }, builtinProviderIds: ['openai'] };

test('loads and validates a YAML file from disk', async () => {
  const path = join(dir, 'gateway.yaml');
  await writeFile(path, 'connections:\n  - provider: openai\n    label: work\n    apiKey: env:KEY\n');
  const result = await loadConfigFile(path, opts);
  assert.deepEqual(result, {
    ok: true,
    config: { routing: {}, combos: [], aliases: {}, limits: [], pricing: {}, budgets: [], server: {}, providers: [], connections: [{ provider: 'openai', label: 'work', apiKey: 'k-from-env', priority: 100, enabled: true }] },
  });
});

test('loads a JSON file from disk', async () => {
  const path = join(dir, 'gateway.json');
  await writeFile(path, JSON.stringify({ server: { port: 1234 } }));
  assert.deepEqual(await loadConfigFile(path, opts), { ok: true, config: { routing: {}, combos: [], aliases: {}, limits: [], pricing: {}, budgets: [], server: { port: 1234 }, providers: [], connections: [] } });
});

test('a missing file is an error result naming the path', async () => {
  const path = join(dir, 'missing.yaml');
  assert.deepEqual(await loadConfigFile(path, opts), { ok: false, errors: [`${path}: file not found`] });
  assert.deepEqual(await loadConfigFile(dir, opts), { ok: false, errors: [`${dir}: is a directory, not a config file`] });
});

test('syntax errors name the path and the line', async () => {
  const path = join(dir, 'broken.yml');
  await writeFile(path, 'server:\n  port: 1\nproviders: [\n');
  const result = await loadConfigFile(path, opts);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.errors.every((e) => e.startsWith(`${path}:`)), JSON.stringify(result));
  assert.ok(!result.ok && /^.*:\d+:\d+: /.test(result.errors[0] ?? ''));
});

test('validation errors come back as field paths', async () => {
  const path = join(dir, 'invalid.yaml');
  await writeFile(path, 'connections:\n  - {provider: openai, label: a, apiKey: env:NOT_SET}\n');
  assert.deepEqual(await loadConfigFile(path, opts), {
    ok: false,
    errors: ['connections[0].apiKey: environment variable NOT_SET is not set'],
  });
});
