import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRepeatFailureMemory, requestFingerprint } from './repeat-failures.js';

test('the same request gets the same set back; another request gets its own', () => {
  const memory = createRepeatFailureMemory({ now: () => 0 });
  const a = requestFingerprint('openai-chat', { model: 'm', messages: [{ role: 'user', content: 'x' }] });
  const b = requestFingerprint('openai-chat', { model: 'm', messages: [{ role: 'user', content: 'y' }] });
  assert.notEqual(a, b);
  memory.countedFor(a).add('provider:p');
  assert.deepEqual([...memory.countedFor(a)], ['provider:p']);
  assert.deepEqual([...memory.countedFor(b)], []);
  assert.notEqual(requestFingerprint('gemini', { x: 1 }), requestFingerprint('anthropic', { x: 1 }), 'the path is part of it');
});

test('entries expire and the oldest go beyond the capacity', () => {
  let now = 0;
  const memory = createRepeatFailureMemory({ now: () => now, ttlMs: 1_000, capacity: 2 });
  memory.countedFor('a').add('k');
  now = 999;
  assert.equal(memory.countedFor('a').size, 1);
  now = 2_000;
  assert.equal(memory.countedFor('a').size, 0, 'expired');
  memory.countedFor('a').add('k');
  memory.countedFor('b').add('k');
  memory.countedFor('c').add('k');
  assert.equal(memory.countedFor('a').size, 0, 'dropped as the oldest');
  assert.equal(memory.countedFor('c').size, 1);
});
