/**
 * Breakers judge providers, not requests. A request that fails the same way every time (a
 * prompt that crashes the provider, or a web page sending one bad request in a loop) would
 * otherwise count once per send and open the provider's breaker for everyone. Here each
 * recently failed request, known by a fingerprint of what it asked, keeps the set of breaker
 * keys it already counted against, so sending it again counts nothing more; a provider that
 * is really failing fails many different requests, and those still count.
 */
import { createHash } from 'node:crypto';

export interface RepeatFailureMemory {
  /** The breaker keys this request (by fingerprint) already counted against; the set is kept and filled by the caller. */
  countedFor(fingerprint: string): Set<string>;
  /** Forgets every request (a manual routing reset starts the breakers' judgement afresh). */
  clear(): void;
}

/** What a request asked, in one short string: the client's path and body. */
export function requestFingerprint(where: string, body: unknown): string {
  return createHash('sha256').update(where).update('\0').update(JSON.stringify(body) ?? '').digest('base64url');
}

export function createRepeatFailureMemory(opts: { now: () => number; ttlMs?: number; capacity?: number }): RepeatFailureMemory {
  // Long enough to absorb a loop of one request, short enough that a request failing again in
  // a later outage counts again.
  const ttlMs = opts.ttlMs ?? 60_000;
  const capacity = opts.capacity ?? 1_000;
  // Insertion order is age order: a Map is the LRU.
  const entries = new Map<string, { counted: Set<string>; at: number }>();
  return {
    countedFor(fingerprint) {
      const now = opts.now();
      const found = entries.get(fingerprint);
      entries.delete(fingerprint);
      const entry = found && now - found.at < ttlMs ? found : { counted: new Set<string>(), at: now };
      entries.set(fingerprint, entry);
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return entry.counted;
    },
    clear() {
      entries.clear();
    },
  };
}
