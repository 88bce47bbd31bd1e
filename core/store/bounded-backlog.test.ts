import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedBacklog } from './bounded-backlog.js';

test('take returns the oldest items first', () => {
  const q = new BoundedBacklog<number>(10);
  for (let i = 0; i < 5; i++) q.push(i);
  assert.deepEqual(q.take(2), [0, 1]);
  assert.deepEqual(q.take(10), [2, 3, 4]);
  assert.equal(q.size, 0);
  assert.deepEqual(q.take(3), []);
});

test('a full queue drops the oldest item on push', () => {
  const q = new BoundedBacklog<number>(3);
  for (let i = 0; i < 5; i++) q.push(i);
  assert.equal(q.size, 3);
  assert.equal(q.dropped, 2);
  assert.deepEqual(q.take(5), [2, 3, 4]);
});

test('restore puts items back in front and trims the oldest beyond capacity', () => {
  const q = new BoundedBacklog<string>(4);
  q.push('a');
  q.push('b');
  const batch = q.take(2);
  q.push('c');
  q.push('d');
  q.push('e');
  q.restore(batch);
  assert.equal(q.dropped, 1);
  assert.deepEqual(q.take(10), ['b', 'c', 'd', 'e']);
});

test('stays correct across internal compaction', () => {
  const q = new BoundedBacklog<number>(5000);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 300; i++) q.push(next++);
    for (const v of q.take(250)) assert.equal(v, expected++);
  }
  assert.equal(q.size, next - expected);
  assert.equal(q.dropped, 0);
});

test('rejects a capacity that is not a positive integer', () => {
  assert.throws(() => new BoundedBacklog(0), RangeError);
  assert.throws(() => new BoundedBacklog(1.5), RangeError);
});
