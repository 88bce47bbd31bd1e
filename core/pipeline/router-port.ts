import type { CanonicalError } from '../formats/canonical.js';
import type { FailureFacts, GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { CandidateWaitInput } from '../routing/candidate-wait.js';

export type Planned =
  | { ok: true; candidates: RouteTarget[] }
  /** `freeAt`: when the earliest blocked candidate frees by itself (routing clock), when one does. */
  | { ok: false; error: CanonicalError; freeAt?: number };

export type AttemptResult =
  | { kind: 'success'; latencyMs: number }
  /**
   * `counted`: the breaker keys this request already counted a failure against, owned by the
   * request. A request retried on the same provider or account counts once there: a request
   * that fails the same way every time must not open a breaker for everyone by itself.
   */
  | { kind: 'failure'; error: GatewayError; counted?: Set<string> }
  /** No verdict (the client left): frees the attempt's claims without judging the account. */
  | { kind: 'abandoned' };

/** Permission to send one attempt; `done` must be called exactly once with how it went. */
export type Admission = { ok: true; done(result: AttemptResult): void } | { ok: false; error: GatewayError; freeAt?: number };

/**
 * What a call is for. Token counting has rate limits of its own at Anthropic, so its cooldowns
 * are kept apart from generation's (an account's outages and spent credit still apply to both).
 */
export type RouteEndpoint = 'generate' | 'count_tokens';

/** What the pipeline knows when it asks whether to wait; routing adds its own settings. */
export type CandidateWaitQuery = Omit<CandidateWaitInput, 'maxWaitMs' | 'random'>;

/**
 * What the request pipeline needs from routing: the attempt order for a model, whether a
 * candidate may be tried now (cooldowns, breakers, limits), how to read a failure, and the
 * per-request budget. The pipeline never inspects status codes itself.
 */
export interface RouterPort {
  plan(requested: string, now: number, endpoint?: RouteEndpoint): Planned;
  admit(candidate: RouteTarget, now: number, endpoint?: RouteEndpoint): Promise<Admission>;
  classify(facts: FailureFacts): GatewayError;
  budget: { maxAttempts: number; timeBudgetMs: number };
  /** Wait before re-planning after every candidate failed transiently (full jitter). */
  backoffMs(round: number): number;
  /**
   * When no candidate could be tried: how long to wait for the first to free before planning
   * again (within routing.maxWaitMs and the time budget), or undefined to give up now.
   */
  candidateWaitMs(query: CandidateWaitQuery): number | undefined;
  /** Reads what a successful answer's headers say about the account's rate-limit windows. */
  observe?(candidate: RouteTarget, headers: Record<string, string | string[] | undefined>): void;
}
