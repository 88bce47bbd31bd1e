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

test('anything else is ignored with a warning that says so', () => {
  for (const bad of ['65536', '-1', '80.5', 'http', '1e3', '123456']) {
    const got = launchOptionsFromEnv({ OMNIROUTE_PORT: bad });
    assert.equal(got.port, undefined, bad);
    assert.match(got.warnings[0] ?? '', /OMNIROUTE_PORT=.*not a port number/, bad);
  }
});
