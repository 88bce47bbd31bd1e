/**
 * 5xx failures open the circuit breaker after the configured threshold; while it is open the
 * gateway answers without calling the upstream; after the cool-off exactly one trial goes
 * through, and its success closes the breaker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, chat, chatFailure, manualClock, waitFor } from './routing-fixtures.js';

const THRESHOLD = 3;
const COOL_OFF_MS = 1_000;
/** Each request retries its only account once; its retries count once toward the breaker. */
const MAX_ATTEMPTS = 2;
/** Calls until the breaker opens: the first THRESHOLD - 1 requests use both attempts, the last one. */
const CALLS_TO_OPEN = (THRESHOLD - 1) * MAX_ATTEMPTS + 1;
const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({
    extraConfig: `routing:\n  maxAttempts: ${MAX_ATTEMPTS}\n  breaker:\n    threshold: ${THRESHOLD}\n    coolOffMs: ${COOL_OFF_MS}\n`,
    gateway: { clock: clock.now },
  });
});
after(() => h.close());

const { apiKey: KEY, model: MODEL } = UPSTREAMS['openai-chat'];

async function failingStatus(prompt: string): Promise<number | undefined> {
  return (await chatFailure(h, MODEL, prompt)).status;
}

describe('circuit breaker', () => {
  test('opens after the threshold, short-circuits, half-opens after the cool-off, and one successful trial closes it', async () => {
    h.mock.inject({ match: { apiKey: KEY }, times: CALLS_TO_OPEN, fault: { kind: 'status', status: 500 } });

    // A request's retries count once, so it takes THRESHOLD failing requests to open it; the
    // last one stops retrying once it is open.
    for (let i = 0; i < THRESHOLD; i++) assert.equal(await failingStatus(`a${i}`), 500);
    assert.equal(callsWith(h.mock, KEY), CALLS_TO_OPEN, 'retries stop once the breaker is open');
    const open = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(
      open.breakers.filter((b) => b.phase === 'open').map((b) => b.key.split(':')[0]),
      ['account', 'provider'],
      JSON.stringify(open.breakers),
    );

    // Open: answered at once, nothing reaches the upstream.
    for (const prompt of ['b', 'c', 'd']) assert.equal(await failingStatus(prompt), 503);
    assert.equal(callsWith(h.mock, KEY), CALLS_TO_OPEN, 'an open breaker sends nothing upstream');

    // After the cool-off: half-open, and exactly one trial is let through.
    clock.advance(COOL_OFF_MS + 1);
    const half = await h.gateway.control.call('routing.status', {});
    assert.ok(half.breakers.length > 0 && half.breakers.every((b) => b.phase === 'half-open'), JSON.stringify(half.breakers));
    // The trial is held at the upstream so that other requests arrive while it is out.
    h.mock.inject({ match: { apiKey: KEY }, fault: { kind: 'slow-first-byte', ms: 800 } });
    const trial = chat(h, MODEL, 'trial');
    await waitFor(() => callsWith(h.mock, KEY) === CALLS_TO_OPEN + 1, 'the trial to reach the upstream');
    const others = await Promise.all(['e', 'f', 'g'].map(failingStatus));
    assert.deepEqual(others, [503, 503, 503], 'requests during the trial are not sent');
    assert.equal(callsWith(h.mock, KEY), CALLS_TO_OPEN + 1, 'exactly one trial went upstream');

    const answered = await trial;
    assert.equal(answered.text, 'Hello! You said: trial');
    const closed = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(closed.breakers, [], 'the trial success closed the breakers');

    const after = await chat(h, MODEL, 'after');
    assert.equal(after.text, 'Hello! You said: after');
    assert.equal(callsWith(h.mock, KEY), CALLS_TO_OPEN + 2);
  });
});
