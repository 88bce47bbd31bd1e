/**
 * When fallback must stop: a 400 says the request itself is wrong (every account would refuse
 * it), and a client that left wants no answer (further attempts would spend quota for nobody).
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { BACKUP, callsWith, openai, waitFor } from './routing-fixtures.js';

let h: Harness;
before(async () => {
  h = await startHarness({ extraConnections: [BACKUP] });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

const { apiKey: MAIN_KEY, model: MODEL } = UPSTREAMS['openai-chat'];

describe('no fallback', () => {
  test('an upstream 400 reaches the client as a 400 and the second account is never called', async () => {
    const message = "Invalid 'messages[0].content': string too long. Expected a string with maximum length 10485760.";
    h.mock.inject({
      match: { apiKey: MAIN_KEY },
      fault: { kind: 'status', status: 400, body: { error: { message, type: 'invalid_request_error', param: 'messages[0].content', code: 'string_above_max_length' } } },
    });
    const err = await openai(h).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${String(err)}`);
    assert.equal(err.status, 400);
    assert.match(err.message, /string too long/);
    assert.equal(callsWith(h.mock, MAIN_KEY), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 0, 'no fallback after a request error');
    const { cooldowns } = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(cooldowns, [], 'a request error does not cool the account');
  });

  test('a client disconnect stops every further attempt', async () => {
    h.mock.inject({ match: { apiKey: MAIN_KEY }, fault: { kind: 'slow-first-byte', ms: 10_000 } });
    const controller = new AbortController();
    const pending = openai(h)
      .chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await waitFor(() => callsWith(h.mock, MAIN_KEY) === 1, 'the first attempt to reach the upstream');
    controller.abort();
    assert.ok((await pending) instanceof OpenAI.APIUserAbortError);

    // The gateway cancels the upstream call it was waiting on...
    const first = h.mock.requests.find((r) => r.apiKey === MAIN_KEY)!;
    await Promise.race([first.done, new Promise((_, reject) => setTimeout(() => reject(new Error('the upstream call was not cancelled')), 3_000))]);
    assert.equal(first.aborted, true);
    // ...and starts no other: give a wrongly started fallback (or a backoff round) time to show.
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(callsWith(h.mock, BACKUP.apiKey), 0, 'no fallback for a client that left');
    assert.equal(callsWith(h.mock, MAIN_KEY), 1, 'no retry for a client that left');
  });
});
