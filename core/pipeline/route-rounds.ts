import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CanonicalError } from '../formats/canonical.js';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import { finishAttempt, startAttempt, type AttemptNote } from './attempt-list.js';
import { candidateWaiter, earlier } from './candidate-waiter.js';
import type { RequestRecord } from './request-record.js';
import type { RouteEndpoint, RouterPort } from './router-port.js';

/** How one call to an admitted candidate went, as the endpoint that made it reports it. */
export type TryOutcome<T> =
  /**
   * The upstream answered; `value` is what the caller needs to send the answer. `failure`:
   * the answer went wrong after the client saw part of it, so it still counts against the account.
   */
  | { kind: 'answered'; value: T; failure?: GatewayError | undefined }
  /** Nothing reached the client: another candidate may be tried if the failure allows it. */
  | { kind: 'failed'; error: GatewayError }
  | { kind: 'client_gone' };

/** How the request ends; the caller books it and answers the client. */
export type RoundsResult<T> =
  | { kind: 'answered'; value: T }
  /** What the client is told: the failure that stopped routing, or why nothing could be tried. */
  | { kind: 'failed'; error: CanonicalError }
  /** The client left (the caller logs a 499). */
  | { kind: 'client_gone' };

/** What the rounds write into the request's record: attempt and fallback counts, each attempt, the target last tried. */
export type AttemptTally = Pick<
  RequestRecord,
  'attempts' | 'fallbacks' | 'attemptList' | 'attemptsOmitted' | 'providerId' | 'connectionId' | 'upstreamModel' | 'upstreamFormat'
>;

export interface RouteRoundsInput<T> {
  router: RouterPort;
  /** The routing clock. */
  now(): number;
  /** The model to plan candidates for. */
  model: string;
  /** What the calls are for; token counting keeps cooldowns of its own. */
  endpoint: RouteEndpoint;
  /** Counts attempts (which the attempt budget reads) and names the target of each. */
  record: AttemptTally;
  /** performance.now() when the request arrived; the time budget runs from here. */
  startedAt: number;
  /** Aborted when the client leaves. */
  signal: AbortSignal;
  /** Said to the client (503) when no candidate could be tried and no failure says more. */
  unavailableMessage: string;
  /**
   * Some candidates need no account call (count_tokens estimates for non-Anthropic ones):
   * the answer for such a candidate, or undefined to admit and try it.
   */
  answerLocally?(target: RouteTarget): T | undefined;
  /**
   * Why a candidate cannot serve this kind of request at all (an account whose provider has no
   * embeddings endpoint), or undefined to try it. A skipped candidate is not an attempt and
   * counts against nothing; when every candidate is skipped the client hears why.
   */
  unfit?(target: RouteTarget): CanonicalError | undefined;
  /**
   * Makes one call to an admitted candidate; counting and the account's verdict are done here.
   * `note` is the attempt's log line: the call sets its status when the upstream answers.
   */
  tryTarget(target: RouteTarget, note: AttemptNote): Promise<TryOutcome<T>>;
  /**
   * The breaker keys this same request already counted against when it was sent before
   * (routing/repeat-failures.ts); asked on the first failure only. Absent: counted per send.
   */
  countedBefore?(): Set<string>;
}

const CLIENT_GONE = { kind: 'client_gone' } as const;

/**
 * Names the target in the record (the request log shows where a request went last); an answer
 * made without calling the account (a local estimate) names no account.
 */
export function recordTarget(record: AttemptTally, target: RouteTarget, account = true): void {
  record.providerId = target.provider.id;
  if (account) record.connectionId = target.connection.id;
  else delete record.connectionId;
  record.upstreamModel = target.model;
  record.upstreamFormat = target.provider.format;
}

/** Aborted when the client goes away before its answer was written whole. */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}

/** Where one candidate left the round: refused by admission, failed over, or the request's end. */
type CandidateStep<T> = RoundsResult<T> | { kind: 'refused'; freeAt: number | undefined } | { kind: 'failed_over' };

/** A round that passed every candidate without ending the request. */
interface RoundOver {
  kind: 'round_over';
  /** Whether any candidate was admitted and called. */
  tried: boolean;
  /** When the first refused candidate frees (routing clock), when known. */
  freeAt: number | undefined;
}

/**
 * Routes one request: plan the candidates, then try them in order until one answers, the
 * attempt or time budget runs out, a failure says the request itself is wrong, or the
 * client leaves. Failover is invisible to the client as long as nothing was sent to it.
 */
export async function routeRounds<T>(input: RouteRoundsInput<T>): Promise<RoundsResult<T>> {
  const { router, record, signal } = input;
  // Read once: a settings change made while this request runs applies to the next one.
  const budget = router.budget;
  const deadline = input.startedAt + budget.timeBudgetMs;
  const withinBudget = () => record.attempts < budget.maxAttempts && performance.now() < deadline;
  const waitForCandidate = candidateWaiter({ router, now: input.now, deadline, signal });
  /** The failure that made routing move on; what the client hears if nothing answers. */
  let last: GatewayError | undefined;
  /** Why the last unfit candidate was passed over; said only when nothing else was tried. */
  let unfit: CanonicalError | undefined;
  /** Breaker keys this request already counted a failure against (made on its first failure). */
  let counted: Set<string> | undefined;
  const failure = (error: GatewayError) => ({ kind: 'failure' as const, error, counted: (counted ??= input.countedBefore?.() ?? new Set()) });

  /** Stage: a jittered pause after a round of transient failures, cut short by the deadline. */
  const backOff = async (round: number): Promise<void> => {
    const wait = Math.min(router.backoffMs(round), deadline - performance.now());
    await sleep(wait, undefined, { signal }).catch(() => undefined);
  };

  /** Stage: admission, one call, and the verdict on the account. */
  const tryCandidate = async (target: RouteTarget): Promise<CandidateStep<T>> => {
    const admission = await router.admit(target, input.now(), input.endpoint);
    if (!admission.ok) {
      // A refusal only speaks for the client when no call failed for a better reason.
      last ??= admission.error;
      return { kind: 'refused', freeAt: admission.freeAt };
    }
    if (record.attempts > 0) record.fallbacks++;
    record.attempts++;
    recordTarget(record, target);
    const attempt = startAttempt(record, target, record.attempts);
    const sentAt = performance.now();
    const outcome = await input.tryTarget(target, attempt);
    switch (outcome.kind) {
      case 'client_gone':
        finishAttempt(attempt, 'client_gone', undefined, sentAt);
        admission.done({ kind: 'abandoned' });
        return CLIENT_GONE;
      case 'failed':
        finishAttempt(attempt, 'failed', outcome.error, sentAt);
        admission.done(failure(outcome.error));
        last = outcome.error;
        // A non-retryable failure says the request itself is wrong: every candidate would refuse it.
        return outcome.error.retryable ? { kind: 'failed_over' } : { kind: 'failed', error: outcome.error.error };
      case 'answered':
        finishAttempt(attempt, 'answered', outcome.failure, sentAt);
        admission.done(outcome.failure ? failure(outcome.failure) : { kind: 'success', latencyMs: performance.now() - sentAt });
        return { kind: 'answered', value: outcome.value };
    }
  };

  /** Stage: one round over the planned candidates, in order. */
  const tryInOrder = async (candidates: readonly RouteTarget[]): Promise<RoundsResult<T> | RoundOver> => {
    let tried = false;
    let freeAt: number | undefined;
    for (const target of candidates) {
      if (signal.aborted) return CLIENT_GONE;
      if (!withinBudget()) break;
      const local = input.answerLocally?.(target);
      if (local !== undefined) return { kind: 'answered', value: local };
      const cannot = input.unfit?.(target);
      if (cannot) {
        unfit = cannot;
        continue;
      }
      const step = await tryCandidate(target);
      if (step.kind === 'refused') {
        freeAt = earlier(freeAt, step.freeAt);
        continue;
      }
      tried = true;
      if (step.kind !== 'failed_over') return step;
    }
    return { kind: 'round_over', tried, freeAt };
  };

  // Each round plans afresh (cooldowns and breakers set by the last round now filter their
  // candidates out) and tries candidates in order; after a round of transient failures it
  // backs off before the next, within the attempt and time budget. When nothing can be tried
  // because everything is cooling down, it waits for the first candidate to free instead, if
  // that is soon enough (routing.maxWaitMs), and then plans again without backing off.
  let waited = false;
  for (let round = 0; withinBudget(); round++) {
    if (round > 0 && !waited) await backOff(round - 1);
    waited = false;
    if (signal.aborted) return CLIENT_GONE;
    const plan = router.plan(input.model, input.now(), input.endpoint);
    if (!plan.ok) {
      if (await waitForCandidate(plan.freeAt)) {
        waited = true;
        continue;
      }
      if (signal.aborted) return CLIENT_GONE;
      // A first plan that fails is the client's answer (unknown model, all cooling down);
      // on a later round the failure that made us retry says more.
      if (round === 0 || !last) return { kind: 'failed', error: plan.error };
      break;
    }
    const ended = await tryInOrder(plan.candidates);
    if (ended.kind !== 'round_over') return ended;
    // Nothing could even be tried (all refused): wait for the first to free, or stop, since
    // planning again at once would only get the same answer.
    if (!ended.tried) {
      if (!(await waitForCandidate(ended.freeAt))) break;
      waited = true;
    }
  }
  if (signal.aborted) return CLIENT_GONE;
  return { kind: 'failed', error: last?.error ?? unfit ?? { status: 503, kind: 'overloaded', message: input.unavailableMessage } };
}
