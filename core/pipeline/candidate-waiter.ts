import { setTimeout as sleep } from 'node:timers/promises';
import type { RouterPort } from './router-port.js';

/**
 * One request's waits for a cooling candidate: asks routing whether the first blocked
 * candidate frees soon enough (routing.maxWaitMs, counted over the whole request, and the
 * time budget) and sleeps until then. Resolves false when it is not worth waiting; a client
 * that leaves ends the sleep early (the caller checks its signal).
 */
export function candidateWaiter(opts: {
  router: Pick<RouterPort, 'candidateWaitMs'>;
  /** The routing clock. */
  now(): number;
  /** performance.now() at which the request's time budget ends. */
  deadline: number;
  signal: AbortSignal;
}): (freeAt: number | undefined) => Promise<boolean> {
  let waitedMs = 0;
  return async (freeAt) => {
    if (opts.signal.aborted) return false;
    const ms = opts.router.candidateWaitMs({ freeAt, now: opts.now(), budgetLeftMs: opts.deadline - performance.now(), waitedMs });
    if (ms === undefined) return false;
    waitedMs += ms;
    await sleep(ms, undefined, { signal: opts.signal }).catch(() => undefined);
    return true;
  };
}

/** The earlier of two free times, either of which may be unknown. */
export function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a <= b ? a : b;
}
