import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from './json-depth.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

test('nesting is counted outside strings only, escapes included', () => {
  assert.equal(nestsDeeperThan(Buffer.from(deep(401)), 400), true);
  assert.equal(nestsDeeperThan(Buffer.from(deep(400)), 400), false);
  assert.equal(nestsDeeperThan(Buffer.from(`{"a":"${'['.repeat(1000)}"}`), 400), false);
  // An escaped quote does not end the string; an escaped backslash before a quote does.
  assert.equal(nestsDeeperThan(Buffer.from(`{"a":"\\"${'['.repeat(600)}"}`), 400), false);
  assert.equal(nestsDeeperThan(Buffer.from(`{"a":"\\\\","b":${deep(500)}}`), 400), true);
  // Malformed text is left for JSON.parse.
  assert.equal(nestsDeeperThan(Buffer.from(`"unterminated ${'['.repeat(600)}`), 400), false);
});
