import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHostCheck } from './host-check.js';

test('loopback names pass with or without a port; others are refused', () => {
  const ok = createHostCheck([]);
  for (const h of ['127.0.0.1', '127.0.0.1:20128', 'localhost:20128', 'LOCALHOST', '[::1]:20128', '[::1]']) assert.equal(ok(h), true, h);
  for (const h of [undefined, '', 'evil.example', 'evil.example:20128', '127.0.0.1.evil.example', 'localhost.evil.example:20128', '[::2]:20128']) {
    assert.equal(ok(h), false, String(h));
  }
});

test('configured names are added', () => {
  const ok = createHostCheck(['my-box.local']);
  assert.equal(ok('my-box.local:20128'), true);
  assert.equal(ok('other.local'), false);
});
