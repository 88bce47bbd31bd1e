/** Usage is kept per minute, so a window's memory is bounded by its length, not its traffic. */
export const BUCKET_MS = 60_000;

/**
 * The last `windowMs` of usage in per-minute buckets. A minute's usage counts until the whole
 * minute has left the window: a reset may come up to a minute late, never early (early would
 * send a request the provider still refuses).
 */
export interface RollingWindow {
  add(ts: number, amount: number): void;
  used(now: number): number;
  /**
   * When usage next falls: at `limit` or above, the moment enough has left the window to be
   * below the limit again; otherwise when the oldest counted minute leaves. Undefined when
   * nothing is counted.
   */
  resetAt(now: number, limit: number): number | undefined;
}

export function createRollingWindow(windowMs: number): RollingWindow {
  /** Minute start -> amount. */
  const buckets = new Map<number, number>();
  const leavesAt = (bucket: number): number => bucket + BUCKET_MS + windowMs;
  const live = (now: number): Array<[number, number]> => {
    for (const bucket of buckets.keys()) if (leavesAt(bucket) <= now) buckets.delete(bucket);
    return [...buckets].sort((a, b) => a[0] - b[0]);
  };
  return {
    add(ts, amount) {
      if (!(amount > 0)) return;
      const bucket = Math.floor(ts / BUCKET_MS) * BUCKET_MS;
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + amount);
    },
    used(now) {
      let sum = 0;
      for (const [bucket, amount] of live(now)) if (bucket <= now) sum += amount;
      return sum;
    },
    resetAt(now, limit) {
      const rows = live(now).filter(([bucket]) => bucket <= now);
      if (rows.length === 0) return undefined;
      let sum = rows.reduce((s, [, amount]) => s + amount, 0);
      if (sum < limit) return leavesAt(rows[0]![0]);
      for (const [bucket, amount] of rows) {
        sum -= amount;
        if (sum < limit) return leavesAt(bucket);
      }
      return undefined;
    },
  };
}
