/**
 * Keeps cloud providers' model lists current: once a day each provider with an account has its
 * `/models` list read (with that account's key, through its proxy) and kept as its model
 * list; a failed read (offline, a provider without a list) keeps the list in use, the
 * built-in one until a read succeeds. The first check waits a while after start, so a
 * gateway started for a moment (a test, a CLI command) never calls out.
 */
export interface ModelRefreshScheduleOptions<T extends { unref?(): unknown }> {
  /** Cloud providers with an account, and when each list was last read (null: never). */
  due(): Promise<Array<{ id: string; refreshedAt: number | null }>>;
  refresh(providerId: string): Promise<unknown>;
  now(): number;
  setTimer(fn: () => void, ms: number): T;
  clearTimer(timer: T | undefined): void;
  /** Default 10 minutes. */
  firstCheckMs?: number;
  /** Default 1 hour. */
  checkEveryMs?: number;
  /** A list older than this is read again. Default 1 day. */
  maxAgeMs?: number;
}

const MINUTE = 60_000;

export function scheduleModelRefresh<T extends { unref?(): unknown }>(opts: ModelRefreshScheduleOptions<T>): { stop(): void; check(): Promise<string[]> } {
  const maxAge = opts.maxAgeMs ?? 24 * 60 * MINUTE;
  let timer: T | undefined;
  let stopped = false;
  /** Reads every stale list, one provider at a time; returns the ids it read successfully. */
  const check = async (): Promise<string[]> => {
    const read: string[] = [];
    for (const { id, refreshedAt } of await opts.due()) {
      if (stopped) break;
      if (refreshedAt !== null && opts.now() - refreshedAt < maxAge) continue;
      try {
        await opts.refresh(id);
        read.push(id);
      } catch {
        // Offline or no list endpoint: the list in use stays; the next check tries again.
      }
    }
    return read;
  };
  const arm = (ms: number) => {
    if (stopped) return;
    const t = opts.setTimer(() => void check().finally(() => arm(opts.checkEveryMs ?? 60 * MINUTE)), ms);
    t.unref?.();
    timer = t;
  };
  arm(opts.firstCheckMs ?? 10 * MINUTE);
  return {
    stop() {
      stopped = true;
      opts.clearTimer(timer);
    },
    check,
  };
}
