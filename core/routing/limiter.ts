/**
 * Per-provider request limits: at most `maxConcurrent` requests in flight, at least
 * `minGapMs` between two starts, at most `requestsPerMinute` starts in any 60 s window.
 * A request that cannot start now waits in a FIFO queue for up to `maxWaitMs`; past that
 * (or when the queue is full) it is shed, and the caller answers 429 instead of letting
 * the provider do it on a quota the user pays for.
 */
export interface LimitSettings {
  maxConcurrent?: number;
  minGapMs?: number;
  requestsPerMinute?: number;
}

export type Acquired = { ok: true; release(): void } | { ok: false; retryAfterMs: number };

interface Waiter {
  resolve(result: Acquired): void;
  timer: NodeJS.Timeout;
}

const WINDOW_MS = 60_000;

export interface Limiter {
  acquire(): Promise<Acquired>;
  /** For tests and the health view. */
  inFlight(): number;
  queued(): number;
}

export function createLimiter(opts: { limits: LimitSettings; now: () => number; maxWaitMs: number; maxQueue?: number }): Limiter {
  const { limits, now } = opts;
  const maxQueue = opts.maxQueue ?? 1000;
  let running = 0;
  let lastStart = -Infinity;
  const starts: number[] = [];
  const queue: Waiter[] = [];
  let wake: NodeJS.Timeout | undefined;

  /** ms until a start is allowed (0 = now), or Infinity while the concurrency cap is full. */
  const waitMs = (t: number): number => {
    if (limits.maxConcurrent !== undefined && running >= limits.maxConcurrent) return Infinity;
    let wait = 0;
    if (limits.minGapMs) wait = Math.max(wait, lastStart + limits.minGapMs - t);
    if (limits.requestsPerMinute !== undefined) {
      while (starts.length > 0 && starts[0]! <= t - WINDOW_MS) starts.shift();
      if (starts.length >= limits.requestsPerMinute) wait = Math.max(wait, starts[0]! + WINDOW_MS - t);
    }
    return Math.max(0, wait);
  };

  const start = (t: number): Acquired => {
    running++;
    lastStart = t;
    if (limits.requestsPerMinute !== undefined) starts.push(t);
    let released = false;
    return {
      ok: true,
      release() {
        if (released) return;
        released = true;
        running--;
        drain();
      },
    };
  };

  const drain = (): void => {
    if (wake) {
      clearTimeout(wake);
      wake = undefined;
    }
    while (queue.length > 0) {
      const t = now();
      const w = waitMs(t);
      if (w === 0) {
        const waiter = queue.shift()!;
        clearTimeout(waiter.timer);
        waiter.resolve(start(t));
        continue;
      }
      // Time-based limits free up on their own; the concurrency cap frees on release().
      if (Number.isFinite(w)) {
        wake = setTimeout(drain, w);
        wake.unref();
      }
      return;
    }
  };

  return {
    acquire() {
      const t = now();
      if (queue.length === 0 && waitMs(t) === 0) return Promise.resolve(start(t));
      if (queue.length >= maxQueue) return Promise.resolve({ ok: false, retryAfterMs: Math.max(1000, waitMs(t)) });
      return new Promise<Acquired>((resolve) => {
        const waiter: Waiter = {
          resolve,
          timer: setTimeout(() => {
            const i = queue.indexOf(waiter);
            if (i !== -1) queue.splice(i, 1);
            const w = waitMs(now());
            resolve({ ok: false, retryAfterMs: Number.isFinite(w) ? Math.max(w, 1000) : 1000 });
          }, opts.maxWaitMs),
        };
        queue.push(waiter);
        drain();
      });
    },
    inFlight: () => running,
    queued: () => queue.length,
  };
}
