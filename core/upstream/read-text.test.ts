import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { readCapped, readText } from './read-text.js';

/** A body that never ends, counting what is pulled from it. */
function endless(): { body: Dispatcher.ResponseData['body']; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled++;
      this.push(Buffer.alloc(1024, 'x'));
    },
  });
  return { body: stream as unknown as Dispatcher.ResponseData['body'], pulled: () => pulled };
}

test('a capped read stops at the cap and destroys the body', async () => {
  const { body, pulled } = endless();
  const read = await readCapped(body, 10_000);
  assert.equal(read.truncated, true);
  assert.equal(read.text.length, 10_000);
  assert.ok(pulled() < 40, `read ${pulled()} chunks`);
  assert.equal((body as unknown as Readable).destroyed, true);
});

test('a body under the cap is read whole', async () => {
  const body = Readable.from([Buffer.from('hello '), Buffer.from('world')]) as unknown as Dispatcher.ResponseData['body'];
  assert.equal(await readText(body, 100), 'hello world');
});
