/**
 * A stream that does not finish still leaves its usage in the log: what the upstream
 * reported so far, the rest estimated from the text relayed and marked as estimated. So does
 * a pass-through OpenAI Chat stream whose client did not ask for usage.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { ask, logRow, rawRequest } from './usage-requests.js';
import { type HarnessFormat } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const LONG = 200;

function lastFor(apiKey: string) {
  const found = h.mock.requests.filter((r) => r.apiKey === apiKey).at(-1);
  assert.ok(found?.usage, `the mock answered a request with key ${apiKey}`);
  return found;
}

/** Reads a stream until `minBytes` arrived, then hangs up. */
async function readThenLeave(format: HarnessFormat, model: string, minBytes: number): Promise<string> {
  const { url, init } = rawRequest(h.url, format, { model, stream: true });
  const controller = new AbortController();
  const res = await fetch(url, { ...init, signal: controller.signal });
  assert.equal(res.status, 200);
  const requestId = res.headers.get('x-request-id') ?? '';
  const reader = res.body!.getReader();
  let received = 0;
  while (received < minBytes) {
    const { value, done } = await reader.read();
    assert.ok(!done, 'the stream ended before the client left');
    received += value.length;
  }
  controller.abort();
  return requestId;
}

// Anthropic reports the prompt in message_start, so only the output is estimated; the
// OpenAI Chat upstream sends its usage chunk last, so both sides are estimated.
for (const upstream of ['anthropic', 'openai-chat'] as const) {
  test(`a client that leaves a ${upstream} stream midway is logged as 499 with partial, estimated usage`, async () => {
    const { apiKey, model } = UPSTREAMS[upstream];
    h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-stream', delayMs: 40, extraTextEvents: LONG } });
    const requestId = await readThenLeave(upstream, model, 600);
    const recorded = lastFor(apiKey);
    await recorded.done;
    assert.equal(recorded.aborted, true);
    const row = await logRow(h, requestId);
    assert.equal(row.status, 499);
    assert.equal(row.usageEstimated, true);
    const full = recorded.usage!;
    assert.ok((row.outputTokens ?? 0) > 0, 'the text relayed before the client left is counted');
    assert.ok((row.outputTokens ?? 0) < full.output, `only part of the ${full.output} output tokens were generated, got ${row.outputTokens}`);
    if (upstream === 'anthropic') assert.equal(row.inputTokens, full.input, 'the prompt count the upstream reported is kept');
    else assert.ok((row.inputTokens ?? 0) > 0, 'the prompt is estimated from the request');
  });
}

test('an upstream dropped mid-stream is logged with the usage reported so far and an estimate of the output', async () => {
  const { apiKey, model } = UPSTREAMS.anthropic;
  // message_start, content_block_start, ping, then three text deltas, then the connection is cut.
  h.mock.inject({ match: { apiKey }, fault: { kind: 'drop-mid-stream', afterEvents: 6 } });
  const answer = await ask(h.url, 'openai-chat', { model, stream: true, text: 'say something rather long for me please' });
  assert.equal(answer.status, 200);
  assert.match(answer.text, /error/i, 'the client was told the stream broke');
  const full = lastFor(apiKey).usage!;
  const row = await logRow(h, answer.requestId);
  assert.equal(row.status, 502);
  assert.equal(row.usageEstimated, true);
  assert.equal(row.inputTokens, full.input);
  assert.equal(row.cachedTokens, full.cached);
  assert.ok((row.outputTokens ?? 0) > 1, `the relayed text is counted beyond message_start's placeholder, got ${row.outputTokens}`);
});

test('a pass-through OpenAI Chat stream without include_usage is estimated and marked, its bytes untouched', async () => {
  const { apiKey, model } = UPSTREAMS['openai-chat'];
  const text = 'four words right here';
  const plain = await ask(h.url, 'openai-chat', { model, stream: true, includeUsage: false, text });
  assert.equal(plain.status, 200);
  assert.doesNotMatch(plain.text, /"usage"\s*:\s*\{/, 'the client got no usage chunk it did not ask for');
  assert.equal(lastFor(apiKey).usage !== undefined, true);
  const estimated = await logRow(h, plain.requestId);
  assert.equal(estimated.usageEstimated, true);
  assert.ok((estimated.inputTokens ?? 0) > 0 && (estimated.outputTokens ?? 0) > 0);

  // The same request with include_usage books the upstream's exact counts, unmarked.
  const counted = await ask(h.url, 'openai-chat', { model, stream: true, text });
  const exact = await logRow(h, counted.requestId);
  const reported = lastFor(apiKey).usage!;
  assert.equal(exact.usageEstimated, undefined);
  assert.equal(exact.inputTokens, reported.input);
  assert.equal(exact.outputTokens, reported.output);
  // The estimate is of the right size: within a factor of three of the real counts.
  for (const [est, real] of [
    [estimated.inputTokens ?? 0, reported.input],
    [estimated.outputTokens ?? 0, reported.output],
  ] as const) {
    assert.ok(est >= real / 3 && est <= real * 3, `estimate ${est} vs reported ${real}`);
  }
});
