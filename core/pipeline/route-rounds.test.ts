import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { Admission, AttemptResult, CandidateWaitQuery, Planned, RouteEndpoint, RouterPort } from './router-port.js';
import { routeRounds } from './route-rounds.js';
import type { AttemptTally, RouteRoundsInput, TryOutcome } from './route-rounds.js';

/** A candidate with only what the rounds read; the rest of a descriptor does not matter here. */
function target(id: string, format: 'anthropic' | 'openai-chat' = 'anthropic'): RouteTarget {
  return { provider: { id, format }, connection: { id: `${id}-acct`, label: id }, model: `${id}-model` } as unknown as RouteTarget;
}

function gatewayError(status: number, retryable: boolean): GatewayError {
  return { code: retryable ? 'overloaded' : 'bad_request', status, retryable, scope: 'account', error: { status, kind: retryable ? 'overloaded' : 'invalid_request', message: `upstream ${status}` } };
}

interface FakeRouterSetup {
  /** The plan of each round in turn; the last one repeats. */
  plans: Planned[];
  /** Refuses a candidate by id, as often as the array has entries (each entry is the refusal's freeAt). */
  refuse?: Record<string, (number | undefined)[]>;
  maxAttempts?: number;
  /** How long to wait for a cooling candidate, or undefined to give up. */
  waitMs?: number;
}

/** A router that plans from a script and writes down every call the rounds make. */
function fakeRouter(setup: FakeRouterSetup) {
  const seen = {
    plans: [] as (RouteEndpoint | undefined)[],
    admits: [] as string[],
    verdicts: [] as [string, AttemptResult['kind']][],
    backoffs: [] as number[],
    waits: [] as CandidateWaitQuery[],
  };
  const refusals = Object.fromEntries(Object.entries(setup.refuse ?? {}).map(([id, list]) => [id, [...list]]));
  const router: RouterPort = {
    plan(_requested: string, _now: number, endpoint?: RouteEndpoint): Planned {
      seen.plans.push(endpoint);
      return setup.plans[Math.min(seen.plans.length - 1, setup.plans.length - 1)]!;
    },
    async admit(candidate: RouteTarget, _now: number): Promise<Admission> {
      const id = candidate.provider.id;
      seen.admits.push(id);
      const refusal = refusals[id];
      if (refusal && refusal.length > 0) return { ok: false, error: gatewayError(429, true), freeAt: refusal.shift() };
      return { ok: true, done: (result) => void seen.verdicts.push([id, result.kind]) };
    },
    classify: (facts) => ({ code: 'upstream_error', status: 502, retryable: true, scope: 'account', error: facts.error }),
    budget: { maxAttempts: setup.maxAttempts ?? 5, timeBudgetMs: 10_000 },
    backoffMs(round: number): number {
      seen.backoffs.push(round);
      return 0;
    },
    candidateWaitMs(query: CandidateWaitQuery): number | undefined {
      seen.waits.push(query);
      return setup.waitMs;
    },
  };
  return { router, seen };
}

function tally(): AttemptTally {
  return { attempts: 0, fallbacks: 0 };
}

/** Runs the rounds with a script of outcomes per candidate id (the last one repeats). */
function run(
  router: RouterPort,
  outcomes: Record<string, TryOutcome<string>[]>,
  extra: Partial<RouteRoundsInput<string>> = {},
) {
  const record = tally();
  const calls: string[] = [];
  const result = routeRounds<string>({
    router,
    now: () => 1_000,
    model: 'm',
    endpoint: 'generate',
    record,
    startedAt: performance.now(),
    signal: new AbortController().signal,
    unavailableMessage: 'nothing to try',
    tryTarget: async (t) => {
      const id = t.provider.id;
      calls.push(id);
      const list = outcomes[id]!;
      return list.length > 1 ? list.shift()! : list[0]!;
    },
    ...extra,
  });
  return { result, record, calls };
}

const answered = (value: string): TryOutcome<string> => ({ kind: 'answered', value });
const failed = (status: number, retryable: boolean): TryOutcome<string> => ({ kind: 'failed', error: gatewayError(status, retryable) });

test('a retryable failure falls over to the next candidate; attempts, fallbacks and verdicts are recorded', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b')] }] });
  const { result, record, calls } = run(router, { a: [failed(503, true)], b: [answered('from b')] });
  assert.deepEqual(await result, { kind: 'answered', value: 'from b' });
  assert.deepEqual(calls, ['a', 'b']);
  assert.deepEqual(seen.verdicts, [['a', 'failure'], ['b', 'success']]);
  assert.deepEqual(seen.plans, ['generate']);
  assert.equal(record.attempts, 2);
  assert.equal(record.fallbacks, 1);
  assert.equal(record.providerId, 'b');
  assert.equal(record.connectionId, 'b-acct');
  assert.equal(record.upstreamModel, 'b-model');
});

test('a non-retryable failure is the answer: no other candidate is tried', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b')] }] });
  const { result, calls } = run(router, { a: [failed(400, false)], b: [answered('never')] });
  const end = await result;
  assert.equal(end.kind, 'failed');
  assert.equal(end.kind === 'failed' && end.error.status, 400);
  assert.deepEqual(calls, ['a']);
  assert.deepEqual(seen.verdicts, [['a', 'failure']]);
});

test('after a round of transient failures it backs off and plans again, until the attempt budget is spent', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }], maxAttempts: 3 });
  const { result, record } = run(router, { a: [failed(503, true)] }, { endpoint: 'count_tokens' });
  const end = await result;
  assert.equal(end.kind === 'failed' && end.error.message, 'upstream 503', 'the last failure is what the client hears');
  assert.equal(record.attempts, 3);
  assert.deepEqual(seen.backoffs, [0, 1]);
  assert.deepEqual(seen.plans, ['count_tokens', 'count_tokens', 'count_tokens']);
});

test('an answer that broke after the client saw part of it still counts against the account', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }] });
  const { result } = run(router, { a: [{ kind: 'answered', value: 'partial', failure: gatewayError(502, true) }] });
  assert.deepEqual(await result, { kind: 'answered', value: 'partial' });
  assert.deepEqual(seen.verdicts, [['a', 'failure']]);
});

test('a first plan that fails is the client answer when waiting is not worth it', async () => {
  const planError = { status: 404, kind: 'not_found' as const, message: 'unknown model' };
  const { router, seen } = fakeRouter({ plans: [{ ok: false, error: planError, freeAt: 5_000 }] });
  const { result } = run(router, {});
  assert.deepEqual(await result, { kind: 'failed', error: planError });
  assert.equal(seen.waits[0]?.freeAt, 5_000);
});

test('when every candidate is refused it waits for the earliest to free, then plans again without backing off', async () => {
  const { router, seen } = fakeRouter({
    plans: [{ ok: true, candidates: [target('a'), target('b')] }],
    refuse: { a: [3_000], b: [2_000] },
    waitMs: 1,
  });
  const { result, record } = run(router, { a: [answered('from a')], b: [answered('from b')] });
  assert.deepEqual(await result, { kind: 'answered', value: 'from a' });
  assert.equal(seen.waits[0]?.freeAt, 2_000);
  assert.deepEqual(seen.backoffs, []);
  assert.deepEqual(seen.admits, ['a', 'b', 'a']);
  assert.equal(record.attempts, 1);
  assert.equal(record.fallbacks, 0, 'a refusal is not a fallback');
});

test('every candidate refused and not worth waiting for: the refusal is the answer', async () => {
  const { router } = fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }], refuse: { a: [undefined] } });
  const end = await run(router, { a: [answered('never')] }).result;
  assert.equal(end.kind === 'failed' && end.error.status, 429);
});

test('with nothing to try and no failure, the caller message is a 503', async () => {
  const { router } = fakeRouter({ plans: [{ ok: true, candidates: [] }] });
  const end = await run(router, {}).result;
  assert.deepEqual(end, { kind: 'failed', error: { status: 503, kind: 'overloaded', message: 'nothing to try' } });
});

test('a candidate answered locally needs no admission and is no attempt', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('o', 'openai-chat')] }] });
  const { result, record, calls } = run(
    router,
    { a: [failed(503, true)] },
    { answerLocally: (t) => (t.provider.format === 'anthropic' ? undefined : `estimated for ${t.provider.id}`) },
  );
  assert.deepEqual(await result, { kind: 'answered', value: 'estimated for o' });
  assert.deepEqual(calls, ['a']);
  assert.deepEqual(seen.admits, ['a']);
  assert.equal(record.attempts, 1);
});

test('a client that leaves during a call ends the rounds; the admission is abandoned, not judged', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b')] }] });
  const { result, calls } = run(router, { a: [{ kind: 'client_gone' }], b: [answered('never')] });
  assert.deepEqual(await result, { kind: 'client_gone' });
  assert.deepEqual(calls, ['a']);
  assert.deepEqual(seen.verdicts, [['a', 'abandoned']]);
});

test('a client already gone is not routed at all', async () => {
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }] });
  const abort = new AbortController();
  abort.abort();
  const { result, calls } = run(router, { a: [answered('never')] }, { signal: abort.signal });
  assert.deepEqual(await result, { kind: 'client_gone' });
  assert.deepEqual(calls, []);
  assert.deepEqual(seen.plans, []);
});

test('each attempt is listed in order: target, account, the status the call saw, the failure code, its time', async () => {
  const { router } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b', 'openai-chat')] }] });
  const record = tally();
  const statuses: Record<string, number> = { a: 503, b: 200 };
  const result = await routeRounds<string>({
    router,
    now: () => 1_000,
    model: 'm',
    endpoint: 'generate',
    record,
    startedAt: performance.now(),
    signal: new AbortController().signal,
    unavailableMessage: 'nothing to try',
    tryTarget: async (t, note) => {
      // What upstream-call.ts does once the upstream answers.
      note.status = statuses[t.provider.id]!;
      return t.provider.id === 'a' ? failed(503, true) : answered('from b');
    },
  });
  assert.deepEqual(result, { kind: 'answered', value: 'from b' });
  assert.equal(record.fallbacks, 1);
  const list = record.attemptList ?? [];
  assert.deepEqual(
    list.map(({ durationMs: _ms, ...rest }) => rest),
    [
      { n: 1, providerId: 'a', connectionId: 'a-acct', accountLabel: 'a', upstreamModel: 'a-model', upstreamFormat: 'anthropic', status: 503, outcome: 'failed', errorCode: 'overloaded' },
      { n: 2, providerId: 'b', connectionId: 'b-acct', accountLabel: 'b', upstreamModel: 'b-model', upstreamFormat: 'openai-chat', status: 200, outcome: 'answered', errorCode: null },
    ],
  );
  assert.ok(list.every((a) => Number.isInteger(a.durationMs) && a.durationMs >= 0));
  assert.equal(record.attemptsOmitted, undefined);
});

test('an attempt with no answer has no status; a client that left and a broken answer are told apart', async () => {
  const { router } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b'), target('c')] }] });
  const { result, record } = run(router, {
    a: [failed(504, true)],
    b: [{ kind: 'answered', value: 'partial', failure: gatewayError(502, true) }],
  });
  assert.deepEqual(await result, { kind: 'answered', value: 'partial' });
  const list = record.attemptList ?? [];
  assert.deepEqual(
    list.map((a) => [a.providerId, a.status, a.outcome, a.errorCode]),
    [
      ['a', null, 'failed', 'overloaded'],
      ['b', null, 'answered', 'overloaded'],
    ],
  );
  const gone = run(fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }] }).router, { a: [{ kind: 'client_gone' }] });
  await gone.result;
  assert.deepEqual(gone.record.attemptList?.map((a) => [a.outcome, a.errorCode]), [['client_gone', null]]);
});

test('refusals and local answers are no attempts and are not listed', async () => {
  const { router } = fakeRouter({
    plans: [{ ok: true, candidates: [target('a'), target('o', 'openai-chat')] }],
    refuse: { a: [undefined] },
  });
  const { result, record } = run(router, {}, { answerLocally: (t) => (t.provider.format === 'anthropic' ? undefined : 'estimated') });
  assert.deepEqual(await result, { kind: 'answered', value: 'estimated' });
  assert.equal(record.attemptList, undefined);
});

test('an unfit candidate is passed over without admission or an attempt; with none fit, the client hears why', async () => {
  const unfitError = { status: 400, kind: 'invalid_request' as const, message: 'a does not serve embeddings' };
  const { router, seen } = fakeRouter({ plans: [{ ok: true, candidates: [target('a'), target('b')] }] });
  const { result, record, calls } = run(router, { b: [answered('from b')] }, { unfit: (t) => (t.provider.id === 'a' ? unfitError : undefined) });
  assert.deepEqual(await result, { kind: 'answered', value: 'from b' });
  assert.deepEqual(calls, ['b']);
  assert.deepEqual(seen.admits, ['b'], 'the unfit account was not admitted, so nothing counts against it');
  assert.equal(record.attempts, 1);
  assert.equal(record.fallbacks, 0);

  const none = fakeRouter({ plans: [{ ok: true, candidates: [target('a')] }] });
  const all = run(none.router, {}, { unfit: () => unfitError });
  assert.deepEqual(await all.result, { kind: 'failed', error: unfitError });
  assert.deepEqual(all.calls, []);
});
