/**
 * The request's time budget bounds the wait on an upstream (issue 10): a provider that holds
 * its headers back cannot keep the client past routing.timeBudgetMs, and a stream that
 * trickles (never silent long enough to trip the idle timeout) still ends at its total limit.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';

const BUDGET_MS = 800;
const STREAM_TOTAL_MS = 700;
const IDLE_MS = 400;

let h: Harness;
before(async () => {
  h = await startHarness({
    // Set in the config file; the first-byte timeout is far above the budget, so the budget
    // alone must end the wait.
    extraConfig: [
      'routing:',
      `  timeBudgetMs: ${BUDGET_MS}`,
      '  upstreamTimeouts:',
      '    firstByteMs: 60000',
      `    idleMs: ${IDLE_MS}`,
      `    streamTotalMs: ${STREAM_TOTAL_MS}`,
      '',
    ].join('\n'),
  });
});
after(() => h.close());
afterEach(async () => {
  h.mock.reset();
  await h.gateway.control.call('routing.reset', { all: true });
});

async function chat(model: string, stream: boolean, content: string) {
  const started = performance.now();
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content }] }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

test('an upstream that holds its headers back is cut at the time budget, with a timeout in the client shape', async () => {
  const { apiKey, model } = UPSTREAMS['openai-chat'];
  h.mock.inject({ match: { apiKey }, times: 10, fault: { kind: 'slow-first-byte', ms: 8_000 } });
  for (const stream of [false, true]) {
    const r = await chat(model, stream, `budget ${stream}`);
    assert.equal(r.status, 504, r.text);
    assert.match(JSON.parse(r.text).error.message, /time/);
    assert.ok(r.ms < BUDGET_MS + 1_000, `answered after ${Math.round(r.ms)} ms`);
  }
});

test('a stream that trickles past its total limit ends with an error, not after the whole answer', async () => {
  const { apiKey, model } = UPSTREAMS.anthropic;
  // One event every 150 ms never trips the idle timeout; 60 of them would take 9 s.
  h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-stream', delayMs: 150, extraTextEvents: 60 } });
  const r = await chat(model, true, 'trickle');
  assert.equal(r.status, 200);
  assert.ok(r.ms < STREAM_TOTAL_MS + 1_500, `ended after ${Math.round(r.ms)} ms`);
  assert.ok(!r.text.includes('[DONE]') || r.text.includes('error'), 'the stream did not end as complete');
});

test('a stream silent for longer than the idle timeout ends within the bound', async () => {
  const { apiKey, model } = UPSTREAMS.gemini;
  h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-stream', delayMs: 3_000, extraTextEvents: 3 } });
  const r = await chat(model, true, 'idle');
  assert.ok(r.ms < IDLE_MS + 1_500, `ended after ${Math.round(r.ms)} ms`);
});
