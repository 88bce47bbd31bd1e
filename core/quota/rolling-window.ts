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
  // Buckets in time order from `head` on, with their running total: routing asks for the
  // usage on every request, so reading it must not walk or sort the window.
  let buckets: Array<{ start: number; amount: number }> = [];
  let head = 0;
  let total = 0;
  const leavesAt = (start: number): number => start + BUCKET_MS + windowMs;

  const expire = (now: number): void => {
    while (head < buckets.length && leavesAt(buckets[head]!.start) <= now) total -= buckets[head++]!.amount;
    if (head > 64 && head * 2 > buckets.length) {
      buckets = buckets.slice(head);
      head = 0;
    }
  };
  /** Usage counted in buckets that start after `now` (only when a clock went backwards). */
  const ahead = (now: number): number => {
    let sum = 0;
    for (let i = buckets.length - 1; i >= head && buckets[i]!.start > now; i--) sum += buckets[i]!.amount;
    return sum;
  };

  return {
    add(ts, amount) {
      if (!(amount > 0)) return;
      const start = Math.floor(ts / BUCKET_MS) * BUCKET_MS;
      total += amount;
      const last = buckets[buckets.length - 1];
      if (buckets.length > head && last!.start === start) last!.amount += amount;
      else if (buckets.length === head || last!.start < start) buckets.push({ start, amount });
      else {
        // An older use (read back from the log at start, or a request finishing late).
        let i = buckets.length - 1;
        while (i >= head && buckets[i]!.start > start) i--;
        if (i >= head && buckets[i]!.start === start) buckets[i]!.amount += amount;
        else buckets.splice(i + 1, 0, { start, amount });
      }
    },
    used(now) {
      expire(now);
      return total - ahead(now);
    },
    resetAt(now, limit) {
      expire(now);
      let sum = total - ahead(now);
      const first = buckets[head];
      if (first === undefined || first.start > now) return undefined;
      if (sum < limit) return leavesAt(first.start);
      for (let i = head; i < buckets.length && buckets[i]!.start <= now; i++) {
        sum -= buckets[i]!.amount;
        if (sum < limit) return leavesAt(buckets[i]!.start);
      }
      return undefined;
    },
  };
}
