/**
 * The attempts of one playground run, each upstream call in order: which account and model,
 * where it went, what status came back, and how routing judged it. The pipeline keeps only
 * counts (the request record's attempts and fallbacks), so the run watches the two ports it
 * calls through instead: the router (admission opens an attempt, its verdict closes it) and
 * the upstream client (the URL and the status). Both wrappers only look and pass everything on.
 */
import type { AttemptResult, RouterPort } from '../pipeline/router-port.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import { redactSecrets } from '../usage/redact.js';
import type { PlaygroundAttempt } from '../control/playground-contract.js';

interface OpenAttempt {
  entry: PlaygroundAttempt;
  startedAt: number;
}

export class AttemptLog {
  private readonly attempts: OpenAttempt[] = [];
  /** The attempt whose upstream call is under way (calls of one request never overlap). */
  private current: OpenAttempt | undefined;

  constructor(private readonly secrets: readonly string[]) {}

  list(): PlaygroundAttempt[] {
    return this.attempts.map((a) => ({ ...a.entry }));
  }

  /** The router, with each admitted candidate's attempt recorded. */
  router(inner: RouterPort): RouterPort {
    const log = this;
    return {
      plan: (requested, now, endpoint) => inner.plan(requested, now, endpoint),
      async admit(candidate, now, endpoint) {
        const admission = await inner.admit(candidate, now, endpoint);
        if (!admission.ok) return admission;
        const attempt = log.open(candidate);
        return {
          ok: true,
          done(result) {
            log.close(attempt, result);
            admission.done(result);
          },
        };
      },
      classify: (facts) => inner.classify(facts),
      // Read per request by the pipeline, and changed by settings at runtime: never copied.
      get budget() {
        return inner.budget;
      },
      backoffMs: (round) => inner.backoffMs(round),
      candidateWaitMs: (query) => inner.candidateWaitMs(query),
      ...(inner.observe ? { observe: inner.observe.bind(inner) } : {}),
    };
  }

  /** The upstream client, with each call's URL and status recorded on the current attempt. */
  upstream(inner: UpstreamClient): UpstreamClient {
    const log = this;
    return {
      async send(target, body, signal) {
        const attempt = log.current;
        if (attempt) attempt.entry.url = redactSecrets(target.url, log.secrets);
        const response = await inner.send(target, body, signal);
        if (attempt) attempt.entry.status = response.statusCode;
        return response;
      },
      dispatcherFor: (url, proxy) => inner.dispatcherFor(url, proxy),
      // The client is the gateway's, shared by every request: a run never closes it.
      close: async () => undefined,
      ...(inner.timeouts ? { timeouts: inner.timeouts } : {}),
    };
  }

  private open(target: RouteTarget): OpenAttempt {
    const attempt: OpenAttempt = {
      startedAt: performance.now(),
      entry: {
        provider: target.provider.id,
        account: target.connection.label,
        model: target.model,
        format: target.provider.format,
        url: null,
        status: null,
        outcome: 'abandoned',
        error: null,
        latencyMs: 0,
      },
    };
    this.attempts.push(attempt);
    this.current = attempt;
    return attempt;
  }

  private close(attempt: OpenAttempt, result: AttemptResult): void {
    const { entry } = attempt;
    entry.latencyMs = Math.round(performance.now() - attempt.startedAt);
    if (result.kind === 'success') entry.outcome = 'answered';
    else if (result.kind === 'abandoned') entry.outcome = 'abandoned';
    else {
      entry.outcome = 'failed';
      entry.error = redactSecrets(result.error.error.message, this.secrets);
      // A failure without an HTTP answer (refused before sending, a dropped connection) has no status of its own.
    }
    if (this.current === attempt) this.current = undefined;
  }
}
