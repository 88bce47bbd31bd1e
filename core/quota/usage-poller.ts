import type { ParsedProxy } from '../upstream/proxy-url.js';
import { USAGE_READERS } from './usage-readers.js';
import type { EndpointWindow, UsageReaderName } from './usage-readers.js';

/** An account whose provider declares a usage endpoint. */
export interface PollTarget {
  connectionId: string;
  url: string;
  headers: Record<string, string>;
  reader: UsageReaderName;
  /** The account's outbound proxy; absent = direct. */
  proxy?: ParsedProxy;
}

export interface EndpointReading {
  windows: EndpointWindow[];
  /** When it was read, Unix ms. */
  at: number;
}

export interface UsagePollerOptions {
  targets: () => readonly PollTarget[];
  fetchJson(url: string, headers: Record<string, string>, signal: AbortSignal, proxy?: ParsedProxy): Promise<{ status: number; json: unknown }>;
  now: () => number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Between two good readings. Default 5 minutes. */
  intervalMs?: number;
  /** First retry after a failure, doubled per further failure up to maxBackoffMs. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  onReading(connectionId: string, reading: EndpointReading): void;
  onFailure?(connectionId: string, reason: string, failures: number): void;
}

export interface UsagePoller {
  /** Polls every target now, then keeps to the schedule. Does nothing without targets. */
  start(): void;
  stop(): void;
  /** Polls every target once, whatever the schedule; resolves with how many read well. */
  pollNow(): Promise<number>;
}

export const DEFAULT_POLL_INTERVAL_MS = 5 * 60_000;
const DEFAULT_BACKOFF_BASE_MS = 30_000;
const DEFAULT_MAX_BACKOFF_MS = 30 * 60_000;
/** A window that refills is read again just after, so the account is not kept out longer than needed. */
const AFTER_RESET_MS = 1_000;
const FETCH_TIMEOUT_MS = 15_000;

/** The next wait after `failures` failures in a row: base, 2x, 4x ... capped. */
export function pollBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

export function createUsagePoller(opts: UsagePollerOptions): UsagePoller {
  const intervalMs = opts.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const baseMs = opts.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const maxMs = opts.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const schedule = new Map<string, { nextAt: number; failures: number }>();
  let timer: unknown;
  let running = false;
  let aborter = new AbortController();
  // Bumped by start and stop: a tick or read still awaiting a fetch from before a stop must
  // neither re-arm (two timer chains would poll twice as often) nor count its aborted fetch.
  let generation = 0;

  const pollOne = async (target: PollTarget): Promise<boolean> => {
    const gen = generation;
    const state = schedule.get(target.connectionId) ?? { nextAt: 0, failures: 0 };
    schedule.set(target.connectionId, state);
    let reason: string;
    try {
      const signal = AbortSignal.any([aborter.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
      const { status, json } = await opts.fetchJson(target.url, target.headers, signal, target.proxy);
      if (gen !== generation) return false;
      const windows = status < 400 ? USAGE_READERS[target.reader](json, { now: opts.now(), origin: new URL(target.url).origin }) : undefined;
      if (windows) {
        const now = opts.now();
        state.failures = 0;
        const resets = windows.filter((w) => w.exhausted && w.resetAt !== null).map((w) => w.resetAt! + AFTER_RESET_MS);
        state.nextAt = Math.min(now + intervalMs, ...resets.filter((t) => t > now));
        opts.onReading(target.connectionId, { windows, at: now });
        return true;
      }
      reason = status < 400 ? 'the answer is not in the documented shape' : `HTTP ${status}`;
    } catch (err) {
      if (gen !== generation) return false;
      reason = err instanceof Error ? err.message : String(err);
    }
    state.failures += 1;
    state.nextAt = opts.now() + pollBackoffMs(state.failures, baseMs, maxMs);
    opts.onFailure?.(target.connectionId, reason, state.failures);
    return false;
  };

  const arm = (): void => {
    if (!running) return;
    const targets = opts.targets();
    if (targets.length === 0) return;
    const next = Math.min(...targets.map((t) => schedule.get(t.connectionId)?.nextAt ?? 0));
    timer = opts.setTimer(() => void tick(), Math.max(0, next - opts.now()));
  };

  const tick = async (): Promise<void> => {
    const gen = generation;
    timer = undefined;
    const now = opts.now();
    const due = opts.targets().filter((t) => (schedule.get(t.connectionId)?.nextAt ?? 0) <= now);
    await Promise.all(due.map(pollOne));
    if (gen === generation) arm();
  };

  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      aborter = new AbortController();
      if (opts.targets().length > 0) void tick();
    },
    stop() {
      running = false;
      generation += 1;
      aborter.abort();
      if (timer !== undefined) opts.clearTimer(timer);
      timer = undefined;
    },
    async pollNow() {
      const results = await Promise.all(opts.targets().map(pollOne));
      return results.filter(Boolean).length;
    },
  };
}
