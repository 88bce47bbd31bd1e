/**
 * No retry storm: 200 clients at once against an upstream that only answers 503 cost a
 * handful of upstream calls, not 200 x maxAttempts, and every client still gets an error
 * answer in its own format (no hang, no reset connection).
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, manualClock } from './routing-fixtures.js';

const CLIENTS = 200;
const MAX_ATTEMPTS = 6;
const THRESHOLD = 3;
// The provider limit is what makes the budget a number: without one, every client that
// arrives before the first failure comes back is sent at once (the breaker knows nothing
// yet), and how many that is depends on timing.
const MAX_CONCURRENT = 4;
// The clock never moves, so the open breaker never half-opens during the test.
const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({
    extraConfig: [
      'routing:',
      `  maxAttempts: ${MAX_ATTEMPTS}`,
      '  breaker:',
      `    threshold: ${THRESHOLD}`,
      '    coolOffMs: 60000',
      'limits:',
      '  - provider: up-chat',
      `    maxConcurrent: ${MAX_CONCURRENT}`,
      '',
    ].join('\n'),
    gateway: { clock: clock.now, upstreamTimeouts: { firstByteMs: 300 } },
  });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

const { apiKey: KEY, model: MODEL } = UPSTREAMS['openai-chat'];

/** One request in each client API, all for the same failing upstream model. */
function send(i: number): Promise<{ format: string; status: number; body: unknown }> {
  const messages = [{ role: 'user', content: `client ${i}` }];
  const kinds = [
    { format: 'openai-chat', path: '/v1/chat/completions', body: { model: MODEL, messages } },
    { format: 'openai-responses', path: '/v1/responses', body: { model: MODEL, input: `client ${i}` } },
    { format: 'anthropic', path: '/v1/messages', body: { model: MODEL, max_tokens: 32, messages } },
    { format: 'gemini', path: `/v1beta/models/${MODEL}:generateContent`, body: { contents: [{ role: 'user', parts: [{ text: `client ${i}` }] }] } },
  ] as const;
  const kind = kinds[i % kinds.length]!;
  return fetch(`${h.url}${kind.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kind.body) }).then(
    async (res) => ({ format: kind.format, status: res.status, body: (await res.json()) as unknown }),
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The error envelope each API uses, so the client's SDK raises its own typed error. */
function assertErrorShape(format: string, body: unknown): void {
  assert.ok(isRecord(body) && isRecord(body.error), `${format}: ${JSON.stringify(body)}`);
  assert.equal(typeof body.error.message, 'string');
  if (format === 'anthropic') assert.equal(body.type, 'error');
  if (format === 'gemini') assert.equal(typeof body.error.status, 'string');
  if (format === 'openai-chat' || format === 'openai-responses') assert.equal(typeof body.error.type, 'string');
}

// A hang fails the test at its timeout instead of blocking the run.
describe('no retry storm', () => {
  test(`${CLIENTS} concurrent clients against an always-503 upstream stay within the call budget`, { timeout: 20_000 }, async () => {
    h.mock.inject({ match: { apiKey: KEY }, times: 100_000, fault: { kind: 'status', status: 503 } });

    const answers = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => send(i)));

    // Every client got an HTTP answer (a reset or hang would have rejected or timed out),
    // and it is an error in its own API's shape.
    assert.equal(answers.length, CLIENTS);
    for (const a of answers) {
      assert.equal(a.status, 503, `${a.format}: ${JSON.stringify(a.body)}`);
      assertErrorShape(a.format, a.body);
    }

    // The budget. At most MAX_CONCURRENT calls are in flight at once (the provider limit),
    // and every call is admitted through the breaker at the moment it starts. The breaker
    // opens when the THRESHOLD-th failure is recorded; by then at most MAX_CONCURRENT - 1
    // other calls were already in flight, and nothing starts after it opens (the clock does
    // not move, so it never half-opens). Hence at most THRESHOLD + MAX_CONCURRENT - 1 calls,
    // against CLIENTS x MAX_ATTEMPTS = 1200 for a gateway that retried blindly.
    const bound = THRESHOLD + MAX_CONCURRENT - 1;
    const calls = callsWith(h.mock, KEY);
    assert.ok(calls >= THRESHOLD, `the breaker needs ${THRESHOLD} failures to open, saw ${calls}`);
    assert.ok(calls <= bound, `${calls} upstream calls, budget ${bound}`);
  });

  test('requests queued behind the provider limit are not sent once the breaker opened while they waited', { timeout: 20_000 }, async () => {
    // Every call hangs until the 300 ms first-byte timeout, so all clients are queued behind
    // the first MAX_CONCURRENT calls before any failure is known; the breaker opens in the
    // first batch. Same budget as above: THRESHOLD + MAX_CONCURRENT - 1.
    const clients = 40;
    h.mock.inject({ match: { apiKey: KEY }, times: 100_000, fault: { kind: 'slow-first-byte', ms: 5_000 } });
    const answers = await Promise.all(Array.from({ length: clients }, (_, i) => send(i)));
    for (const a of answers) {
      assert.ok(a.status === 503 || a.status === 504, `${a.format}: ${a.status} ${JSON.stringify(a.body)}`);
      assertErrorShape(a.format, a.body);
    }
    const bound = THRESHOLD + MAX_CONCURRENT - 1;
    const calls = callsWith(h.mock, KEY);
    assert.ok(calls >= THRESHOLD && calls <= bound, `${calls} upstream calls, budget ${bound}`);
  });
});
