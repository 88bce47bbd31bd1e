/**
 * The request log's line for each upstream attempt: started when a candidate is admitted,
 * finished when its call returns. One small object per attempt and no JSON on the way: the
 * writer serialises the list when it writes the row.
 */
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import { MAX_LOGGED_ATTEMPTS, type LoggedAttempt } from '../store/logged-attempts.js';
import type { RequestRecord } from './request-record.js';

/** What of a route target the log line names (a RouteTarget is one). */
export interface AttemptTarget {
  provider: Pick<RouteTarget['provider'], 'id' | 'format'>;
  connection: Pick<RouteTarget['connection'], 'id' | 'label'>;
  model: string;
}

/** What the endpoint making the call fills in: the upstream's HTTP status once one came. */
export type AttemptNote = Pick<LoggedAttempt, 'status'>;

/**
 * Adds the attempt numbered `n` to the record's list and returns it, to be finished by
 * finishAttempt. Past the bound the first MAX - 1 stay and the last slot holds the latest
 * attempt (what the client got), the ones it replaces counted in attemptsOmitted.
 */
export function startAttempt(record: Pick<RequestRecord, 'attemptList' | 'attemptsOmitted'>, target: AttemptTarget, n: number): LoggedAttempt {
  const attempt: LoggedAttempt = {
    n,
    providerId: target.provider.id,
    connectionId: target.connection.id,
    accountLabel: target.connection.label,
    upstreamModel: target.model,
    upstreamFormat: target.provider.format,
    status: null,
    // Until the call returns; an attempt cut short by a throw stays a failure.
    outcome: 'failed',
    errorCode: null,
    durationMs: 0,
  };
  const list = (record.attemptList ??= []);
  if (list.length < MAX_LOGGED_ATTEMPTS) list.push(attempt);
  else {
    list[MAX_LOGGED_ATTEMPTS - 1] = attempt;
    record.attemptsOmitted = (record.attemptsOmitted ?? 0) + 1;
  }
  return attempt;
}

/** Sets how the attempt ended: its outcome, the gateway's code for a failure (never its text), and its time. */
export function finishAttempt(attempt: LoggedAttempt, outcome: LoggedAttempt['outcome'], failure: GatewayError | undefined, sentAt: number): void {
  attempt.outcome = outcome;
  attempt.errorCode = failure?.code ?? null;
  attempt.durationMs = Math.max(0, Math.round(performance.now() - sentAt));
}
