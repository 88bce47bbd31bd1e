import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchOptionsFromEnv } from './launch-options.js';

test('no OMNIROUTE_PORT: the gateway default applies', () => {
  assert.deepEqual(launchOptionsFromEnv({}), { warnings: [] });
  assert.deepEqual(launchOptionsFromEnv({ OMNIROUTE_PORT: '  ' }), { warnings: [] });
});

test('a valid port is used, 0 included', () => {
  assert.deepEqual(launchOptionsFromEnv({ OMNIROUTE_PORT: '20129' }), { port: 20129, warnings: [] });
  assert.deepEqual(launchOptionsFromEnv({ OMNIROUTE_PORT: '0' }), { port: 0, warnings: [] });
});

test('OMNIROUTE_CONFIG names the config file, when it is an absolute path', () => {
  assert.deepEqual(launchOptionsFromEnv({ OMNIROUTE_CONFIG: '/etc/omniroute.yaml' }), { configPath: '/etc/omniroute.yaml', warnings: [] });
  const relative = launchOptionsFromEnv({ OMNIROUTE_CONFIG: 'omniroute.yaml', OMNIROUTE_PORT: '20129' });
  assert.deepEqual([relative.configPath, relative.port], [undefined, 20129]);
  assert.match(relative.warnings[0] ?? '', /OMNIROUTE_CONFIG="omniroute.yaml" is not an absolute path/);
});

test('anything else is ignored with a warning that says so', () => {
  for (const bad of ['65536', '-1', '80.5', 'http', '1e3', '123456']) {
    const got = launchOptionsFromEnv({ OMNIROUTE_PORT: bad });
    assert.equal(got.port, undefined, bad);
    assert.match(got.warnings[0] ?? '', /OMNIROUTE_PORT=.*not a port number/, bad);
  }
});
