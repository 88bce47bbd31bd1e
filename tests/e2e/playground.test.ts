/**
 * Issue 13, the gateway half of the Playground: a request sent through the control API over
 * HTTP with a dashboard session, its progress read from /api/events as the dashboard reads
 * it. Runs go through the real routing and translation against the strict mock: they stream
 * as the upstream does, fail over, are booked in the request log, and show the upstream
 * request and raw answer (keys redacted) even though the log keeps no bodies.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../core/sse/parser.js';
import type { PlaygroundProgress, PlaygroundResult } from '../../core/control/playground-contract.js';
import { callControl, logIn, type ManagementLogin } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const CHAT = UPSTREAMS['openai-chat'];
const ANTH = UPSTREAMS.anthropic;
const GEM = UPSTREAMS.gemini;
const RESP = UPSTREAMS['openai-responses'];
const COMBO = 'pg-fallback';

let h: Harness;
let login: ManagementLogin;
let events: EventFeed;

before(async () => {
  h = await startHarness({ extraConfig: ['combos:', `  - { name: ${COMBO}, members: [{ model: ${CHAT.model} }, { model: ${GEM.model} }] }`, ''].join('\n') });
  login = await logIn(h.gateway.loginLink());
  events = await openEvents(h.url, login);
});
after(async () => {
  events?.close();
  await h?.close();
});

/** A subscriber of /api/events, as the dashboard is, keeping each playground event with its arrival time. */
interface EventFeed {
  received: Array<{ at: number; event: PlaygroundProgress }>;
  /** The run's events up to and including its done (or error). */
  run(runId: string, timeoutMs?: number): Promise<Array<{ at: number; event: PlaygroundProgress }>>;
  close(): void;
}

async function openEvents(url: string, session: ManagementLogin): Promise<EventFeed> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, { signal: controller.signal, headers: { cookie: session.cookie } });
  assert.equal(res.status, 200);
  const received: EventFeed['received'] = [];
  const wake = new Set<() => void>();
  void (async () => {
    const parser = new SseParser();
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const m of parser.push(value)) {
          const message = JSON.parse(m.data) as { name: string; payload: PlaygroundProgress };
          if (message.name === 'playground.progress') received.push({ at: performance.now(), event: message.payload });
        }
        for (const w of wake) w();
      }
    } catch {
      // Aborted at the end of the suite.
    }
  })();
  return {
    received,
    async run(runId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mine = received.filter((r) => r.event.runId === runId);
        if (mine.some((r) => r.event.kind !== 'delta')) return mine;
        assert.ok(Date.now() < deadline, `run ${runId} did not finish; saw ${JSON.stringify(mine)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 200);
          function done() {
            clearTimeout(timer);
            wake.delete(done);
            resolve();
          }
          wake.add(done);
        });
      }
    },
    close: () => controller.abort(),
  };
}

let runs = 0;
const newRunId = () => `pg-run-${String(++runs).padStart(4, '0')}`;

async function send(input: Record<string, unknown>): Promise<{ runId: string; requestId: string }> {
  const runId = newRunId();
  const reply = await callControl<{ runId: string; requestId: string }>(h.url, login, 'playground.send', { runId, ...input });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.runId, runId);
  return reply.body;
}

function resultOf(seen: Array<{ event: PlaygroundProgress }>): PlaygroundResult {
  const last = seen.at(-1)?.event;
  assert.ok(last?.kind === 'done', `the run ended with done: ${JSON.stringify(last)}`);
  return last.result;
}

test('a playground request streams: text arrives in pieces before the end, with the upstream request, raw answer, translated answer and attempts', async () => {
  // Six events 80 ms apart: the run lasts long enough that "before the end" means something.
  h.mock.inject({ match: { format: 'anthropic' }, fault: { kind: 'slow-stream', delayMs: 80, extraTextEvents: 6 } });
  const { runId, requestId } = await send({
    format: 'openai-chat',
    model: ANTH.model,
    stream: true,
    body: { messages: [{ role: 'user', content: 'stream to the playground' }] },
  });
  const seen = await events.run(runId);
  const deltas = seen.filter((s) => s.event.kind === 'delta');
  const done = seen.at(-1)!;
  assert.ok(deltas.length >= 3, `several deltas, got ${deltas.length}`);
  assert.ok(done.at - deltas[0]!.at >= 200, `the first text came well before the end (${Math.round(done.at - deltas[0]!.at)} ms)`);
  const streamed = deltas.map((d) => (d.event.kind === 'delta' ? d.event.text : '')).join('');
  assert.match(streamed, /^Hello! You said: stream to the playground/);

  const result = resultOf(seen);
  assert.equal(result.requestId, requestId);
  assert.equal(result.status, 200);
  assert.equal(result.text, streamed, 'the result holds the text the deltas carried');
  assert.equal(result.provider, ANTH.provider);
  assert.equal(result.upstreamFormat, 'anthropic');

  // The request the gateway sent upstream: Anthropic's shape, the provider's own model id.
  const upstreamRequest = JSON.parse(result.upstreamRequest?.body ?? 'null') as { model: string; max_tokens: number; stream: boolean; messages: unknown[] };
  assert.equal(upstreamRequest.model, ANTH.upstreamModel);
  assert.equal(upstreamRequest.stream, true);
  assert.equal(typeof upstreamRequest.max_tokens, 'number');
  assert.deepEqual(JSON.parse(JSON.stringify(upstreamRequest.messages)), JSON.parse(JSON.stringify(h.mock.requests.at(-1)?.body)).messages);
  // The raw answer is Anthropic's event stream; the translated one is OpenAI Chat's.
  assert.match(result.upstreamResponse?.body ?? '', /event: message_start/);
  assert.match(result.upstreamResponse?.body ?? '', /"type":"content_block_delta"/);
  assert.match(result.clientResponse?.body ?? '', /"object":"chat\.completion\.chunk"/);
  assert.match(result.clientResponse?.body ?? '', /data: \[DONE\]/);

  assert.equal(result.attempts.length, 1);
  const [attempt] = result.attempts;
  assert.equal(attempt?.provider, ANTH.provider);
  assert.equal(attempt?.account, 'main');
  assert.equal(attempt?.model, ANTH.upstreamModel);
  assert.equal(attempt?.status, 200);
  assert.equal(attempt?.outcome, 'answered');
  assert.match(attempt?.url ?? '', /\/v1\/messages$/);

  // Booked in the request log like any client's request, without bodies: the log keeps none.
  const logged = await callControl<{ entry: { id: string; status: number; attempts: number; clientFormat: string }; bodies: unknown[] }>(h.url, login, 'logs.get', { id: requestId });
  assert.equal(logged.status, 200, JSON.stringify(logged.body));
  assert.equal(logged.body.entry.status, 200);
  assert.equal(logged.body.entry.clientFormat, 'openai-chat');
  assert.deepEqual(logged.body.bodies, [], 'bodies captured for the playground are not written to a log set to keep none');
});

test('a combo fails over: both attempts are listed, the failed one with its status and reason', async () => {
  h.mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'status', status: 503 } });
  const { runId } = await send({ format: 'anthropic', model: COMBO, stream: false, body: { max_tokens: 64, messages: [{ role: 'user', content: 'fall over' }] } });
  const result = resultOf(await events.run(runId));
  assert.equal(result.status, 200);
  assert.deepEqual(
    result.attempts.map((a) => [a.provider, a.status, a.outcome]),
    [
      [CHAT.provider, 503, 'failed'],
      [GEM.provider, 200, 'answered'],
    ],
  );
  assert.ok(result.attempts[0]?.error, 'the failed attempt says why');
  assert.equal(result.text, 'Hello! You said: fall over');
  // The bodies are the last attempt's: Gemini's request, Gemini's answer, Anthropic's message for the client.
  assert.ok(JSON.parse(result.upstreamRequest?.body ?? '{}').contents, 'a Gemini body went upstream');
  assert.ok(JSON.parse(result.upstreamResponse?.body ?? '{}').candidates, 'Gemini answered');
  assert.equal(JSON.parse(result.clientResponse?.body ?? '{}').type, 'message');
});

test('a Gemini client request, not streamed, to an OpenAI Responses upstream', async () => {
  const { runId } = await send({ format: 'gemini', model: RESP.model, stream: false, body: { contents: [{ role: 'user', parts: [{ text: 'gemini in' }] }] } });
  const result = resultOf(await events.run(runId));
  assert.equal(result.status, 200, JSON.stringify(result));
  assert.equal(result.text, 'Hello! You said: gemini in');
  assert.ok(JSON.parse(result.upstreamRequest?.body ?? '{}').input, 'a Responses body went upstream');
  assert.equal(JSON.parse(result.upstreamResponse?.body ?? '{}').object, 'response');
  assert.ok(JSON.parse(result.clientResponse?.body ?? '{}').candidates, 'the client got a Gemini answer');
  assert.match(result.attempts[0]?.url ?? '', /\/v1\/responses$/);
});

test('keys never show: an account key in the conversation is redacted from every captured body', async () => {
  const { runId } = await send({ format: 'openai-chat', model: CHAT.model, stream: false, body: { messages: [{ role: 'user', content: `my key is ${ANTH.apiKey}` }] } });
  const result = resultOf(await events.run(runId));
  assert.equal(result.status, 200);
  for (const body of [result.upstreamRequest, result.upstreamResponse, result.clientResponse]) {
    assert.ok(body, 'each body was captured');
    assert.doesNotMatch(body.body, new RegExp(ANTH.apiKey), 'no key in the bodies');
    assert.match(body.body, /\[REDACTED\]/);
  }
});

test('an upstream error is a finished run that shows the error, not a failure of the playground', async () => {
  h.mock.inject({ match: { format: 'gemini' }, fault: { kind: 'status', status: 400 } });
  const { runId } = await send({ format: 'openai-chat', model: GEM.model, stream: true, body: { messages: [{ role: 'user', content: 'refuse me' }] } });
  const result = resultOf(await events.run(runId));
  assert.equal(result.status, 400);
  assert.equal(result.text, '');
  assert.equal(result.attempts[0]?.outcome, 'failed');
  assert.ok(result.upstreamResponse?.body, 'the upstream error body is shown raw');
  assert.match(result.clientResponse?.body ?? '', /"error"/);
});

test('a run can be stopped mid-stream; it is booked as a client that left', async () => {
  h.mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'slow-stream', delayMs: 300, extraTextEvents: 40 } });
  const { runId, requestId } = await send({ format: 'openai-responses', model: CHAT.model, stream: true, body: { input: 'a long one' } });
  const deadline = Date.now() + 10_000;
  while (!events.received.some((r) => r.event.runId === runId && r.event.kind === 'delta')) {
    assert.ok(Date.now() < deadline, 'a first delta arrives');
    await new Promise((r) => setTimeout(r, 50));
  }
  const stopped = await callControl<{ cancelled: boolean }>(h.url, login, 'playground.cancel', { runId });
  assert.deepEqual(stopped.body, { cancelled: true });
  const result = resultOf(await events.run(runId));
  assert.equal(result.status, 499);
  assert.equal(result.attempts[0]?.outcome, 'abandoned');
  const logged = await callControl<{ entry: { status: number } }>(h.url, login, 'logs.get', { id: requestId });
  assert.equal(logged.body.entry.status, 499);
  const again = await callControl<{ cancelled: boolean }>(h.url, login, 'playground.cancel', { runId });
  assert.deepEqual(again.body, { cancelled: false }, 'a finished run has nothing to stop');
});

test('a body its format refuses is refused before anything is routed or logged', async () => {
  const before = h.mock.requests.length;
  const reply = await callControl(h.url, login, 'playground.send', { runId: newRunId(), format: 'openai-chat', model: CHAT.model, stream: false, body: { messages: 'not a list' } });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error?.code, 'invalid_input');
  assert.match(reply.body.error?.message ?? '', /not a valid openai-chat request: .*messages/);
  const anthropic = await callControl(h.url, login, 'playground.send', { runId: newRunId(), format: 'anthropic', model: ANTH.model, stream: false, body: { messages: [{ role: 'user', content: 'no max_tokens' }] } });
  assert.equal(anthropic.status, 400);
  assert.match(anthropic.body.error?.message ?? '', /max_tokens/);
  const badId = await callControl(h.url, login, 'playground.send', { runId: 'x', format: 'openai-chat', model: CHAT.model, stream: false, body: {} });
  assert.equal(badId.status, 400);
  assert.equal(h.mock.requests.length, before, 'nothing reached the upstream');
});

test('without a dashboard login the playground is refused', async () => {
  const res = await fetch(`${h.url}/api/playground.send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ runId: newRunId(), format: 'openai-chat', model: CHAT.model, stream: false, body: { messages: [] } }),
  });
  assert.equal(res.status, 401);
});
