import type { CanonicalError } from '../formats/canonical.js';
import type { FailureFacts, GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';

export type Planned = { ok: true; candidates: RouteTarget[] } | { ok: false; error: CanonicalError };

export type AttemptResult =
  | { kind: 'success'; latencyMs: number }
  | { kind: 'failure'; error: GatewayError }
  /** No verdict (the client left): frees the attempt's claims without judging the account. */
  | { kind: 'abandoned' };

/** Permission to send one attempt; `done` must be called exactly once with how it went. */
export type Admission = { ok: true; done(result: AttemptResult): void } | { ok: false; error: GatewayError };

/**
 * What the request pipeline needs from routing: the attempt order for a model, whether a
 * candidate may be tried now (cooldowns, breakers, limits), how to read a failure, and the
 * per-request budget. The pipeline never inspects status codes itself.
 */
export interface RouterPort {
  plan(requested: string, now: number): Planned;
  admit(candidate: RouteTarget, now: number): Promise<Admission>;
  classify(facts: FailureFacts): GatewayError;
  budget: { maxAttempts: number; timeBudgetMs: number };
  /** Wait before re-planning after every candidate failed transiently (full jitter). */
  backoffMs(round: number): number;
  /** Reads what a successful answer's headers say about the account's rate-limit windows. */
  observe?(candidate: RouteTarget, headers: Record<string, string | string[] | undefined>): void;
}
