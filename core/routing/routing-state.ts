import { z } from 'zod';
import * as breaker from './breaker.js';
import type { BreakerConfig, BreakerPhase, BreakerState } from './breaker.js';
import * as cooldowns from './cooldowns.js';
import type { CooldownBook, CooldownConfig, CooldownEntry } from './cooldowns.js';
import { GATEWAY_ERROR_CODES, type GatewayError, type GatewayErrorCode } from './gateway-error.js';

/** One model on one account at one provider: what an attempt is admitted for and reports on. */
export interface RoutingTarget {
  providerId: string;
  connectionId: string;
  /** The provider's own model id. */
  model?: string;
}

/** Upstream answers that say the account's key itself is refused, not that it is busy. */
export const KEY_REJECTION_CODES = ['authentication_failed', 'permission_denied'] as const;
export type KeyRejectionCode = (typeof KEY_REJECTION_CODES)[number];

const isKeyRejection = (code: GatewayErrorCode): code is KeyRejectionCode => (KEY_REJECTION_CODES as readonly string[]).includes(code);

export type Admission =
  /** `trial`: this attempt is a half-open breaker's trial or a cooling scope's probe. */
  | { allowed: true; trial: boolean }
  | { allowed: false; blockedBy: 'cooldown' | 'breaker' | 'key_rejected'; key: string; until?: number; reason?: GatewayErrorCode };

export interface CooldownView {
  key: string;
  until: number;
  reason: GatewayErrorCode;
  since: number;
  strikes: number;
  nextProbeAt?: number;
  probing: boolean;
}

export interface BreakerView {
  key: string;
  /** As seen now: an open breaker whose cool-off elapsed shows as half-open. */
  phase: BreakerPhase;
  failures: number;
  reopensAt?: number;
}

/**
 * An account whose key the provider refused (401/403). Unlike a cooldown it has no end and is
 * not probed: routing skips the account until its key or address changes (`credential` no
 * longer matches) or a manual reset. No upstream text is kept: it may echo the key.
 */
export interface KeyRejectionView {
  /** `account:<connectionId>` */
  key: string;
  reason: KeyRejectionCode;
  /** The upstream status that said so. */
  status: number;
  since: number;
}

interface KeyRejection {
  reason: KeyRejectionCode;
  status: number;
  since: number;
  /** A fingerprint of the key and address that were refused (see RoutingStateOptions.credentialOf). */
  credential?: string;
}

/** The kinds of persisted routing rows this object owns (learned limits live elsewhere). */
export const SNAPSHOT_KINDS = ['cooldown', 'breaker', 'key_rejected'] as const;

export interface RoutingStateRow {
  kind: (typeof SNAPSHOT_KINDS)[number];
  key: string;
  state: unknown;
  updatedAt: number;
}

export interface RoutingStateOptions {
  now?: () => number;
  random?: () => number;
  cooldowns?: Partial<CooldownConfig>;
  breaker?: Partial<BreakerConfig>;
  /**
   * A fingerprint of an account's current key and address, or undefined when the account is
   * gone. A key rejection remembers the one it was made for and lapses when it changes.
   */
  credentialOf?: (connectionId: string) => string | undefined;
}

/**
 * The failure-handling state of routing: the cooldown book and the breakers, over an injected
 * clock. Every attempt goes admit -> (recordSuccess | recordFailure | abandon). A success or
 * failure is recorded when the upstream answered (its status), not when a stream ends.
 */
export interface RoutingState {
  /** Whether the target may be tried now, without claiming anything. */
  check(target: RoutingTarget): Admission;
  /**
   * When the target's cooldowns have all ended (now when none is active), or undefined while
   * a breaker holds it: a breaker frees on a trial's verdict, not at a time worth waiting for.
   */
  freeAt(target: RoutingTarget): number | undefined;
  /** Like check, and claims the half-open trial or the due probe the attempt will be. */
  admit(target: RoutingTarget): Admission;
  recordSuccess(target: RoutingTarget): void;
  /**
   * `counted`: the breaker keys the failing request already counted against; a key in it is
   * left alone, a key counted now is added. Without it every failure counts.
   */
  recordFailure(target: RoutingTarget, error: GatewayError, counted?: Set<string>): void;
  /** The attempt ended without a verdict (client gone): releases its trial or probe. */
  abandon(target: RoutingTarget): void;
  /** Manual reset of one key (`account:…`, `model:…`, `provider:…`): cooldown and breaker. */
  reset(key: string): boolean;
  /** Manual reset of an account: its cooldowns (model ones included) and its breaker. */
  resetConnection(connectionId: string): boolean;
  cooldowns(): CooldownView[];
  breakers(): BreakerView[];
  /** Accounts whose key the provider refused, skipped until the key changes or a reset. */
  keyRejections(): KeyRejectionView[];
  /** Drops key rejections whose account's key or address changed since (after a config reload). */
  revalidateKeyRejections(): void;
  /** Due probes' keys, for a background prober that sends cheap requests. */
  dueProbes(): string[];
  /** Active cooldowns and non-idle breakers as plain JSON rows; in-flight claims are left out. */
  snapshot(): RoutingStateRow[];
  /** Replaces the state with stored rows; expired, unknown and invalid rows are dropped. */
  restore(rows: readonly { kind: string; key: string; state: unknown; updatedAt?: number }[], now?: number): { restored: number; dropped: number };
  /** Called after any change (persist from here, debounced). Listeners must not throw. */
  onChange(listener: () => void): () => void;
}

const cooldownRowSchema = z.object({
  until: z.number(),
  reason: z.enum(GATEWAY_ERROR_CODES),
  since: z.number(),
  strikes: z.number().int().min(0),
  probe: z.object({ nextAt: z.number(), intervalMs: z.number().positive() }).optional(),
});

const keyRejectionRowSchema = z.object({
  reason: z.enum(KEY_REJECTION_CODES),
  status: z.number().int(),
  since: z.number(),
  credential: z.string().optional(),
});

const breakerRowSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('closed'), failures: z.number().int().min(0) }),
  z.object({ phase: z.literal('open'), openedAt: z.number(), coolOffMs: z.number().positive() }),
  z.object({ phase: z.literal('half-open'), coolOffMs: z.number().positive() }),
]);

export function createRoutingState(opts: RoutingStateOptions = {}): RoutingState {
  const clock = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const cc: CooldownConfig = { ...cooldowns.DEFAULT_COOLDOWN_CONFIG, ...opts.cooldowns };
  const bc: BreakerConfig = { ...breaker.DEFAULT_BREAKER_CONFIG, ...opts.breaker };

  let book: CooldownBook = cooldowns.emptyCooldownBook();
  /** Only breakers away from the idle closed state are kept. */
  let breakers = new Map<string, BreakerState>();
  /** Accounts whose key was refused, by account key. */
  let rejected = new Map<string, KeyRejection>();
  const credentialOf = opts.credentialOf;
  /** A rejection made for another key or address than the account has now no longer holds. */
  const stale = (key: string, r: KeyRejection): boolean =>
    credentialOf !== undefined && r.credential !== undefined && credentialOf(key.slice('account:'.length)) !== r.credential;
  const touched = new Map<string, number>();
  const listeners = new Set<() => void>();
  let dirty = false;

  const breakerKeys = (t: RoutingTarget): string[] => [cooldowns.providerKey(t.providerId), cooldowns.accountKey(t.connectionId)];

  function updateBook(key: string, now: number, change: (b: CooldownBook) => CooldownBook): void {
    const next = change(book);
    if (next === book) return;
    book = next;
    touched.set(`cooldown:${key}`, now);
    dirty = true;
  }

  function updateBreaker(key: string, now: number, change: (s: BreakerState) => BreakerState): void {
    const prev = breakers.get(key) ?? breaker.CLOSED_BREAKER;
    const next = change(prev);
    if (next === prev) return;
    if (next.phase === 'closed' && next.failures === 0) breakers.delete(key);
    else breakers.set(key, next);
    touched.set(`breaker:${key}`, now);
    dirty = true;
  }

  function forgetEnded(now: number): void {
    const next = cooldowns.prune(book, now, cc.forgetAfterMs);
    if (next === book) return;
    for (const key of book.keys()) if (!next.has(key)) touched.delete(`cooldown:${key}`);
    book = next;
    dirty = true;
  }

  function commit(): void {
    if (!dirty) return;
    dirty = false;
    for (const listener of [...listeners]) listener();
  }

  function evaluate(target: RoutingTarget, now: number): Admission & { probeKeys?: string[] } {
    if (rejected.size > 0) {
      const key = cooldowns.accountKey(target.connectionId);
      const r = rejected.get(key);
      if (r !== undefined) return { allowed: false, blockedBy: 'key_rejected', key, reason: r.reason };
    }
    const probeKeys: string[] = [];
    for (const active of cooldowns.activeCooldowns(book, target, now)) {
      if (!cooldowns.probeDue(book, active.key, now, cc)) {
        return { allowed: false, blockedBy: 'cooldown', key: active.key, until: active.until, reason: active.reason };
      }
      probeKeys.push(active.key);
    }
    let trial = probeKeys.length > 0;
    for (const key of breakerKeys(target)) {
      const state = breakers.get(key) ?? breaker.CLOSED_BREAKER;
      if (!breaker.canPass(state, now, bc)) {
        const until = breaker.reopensAt(state);
        return until === undefined ? { allowed: false, blockedBy: 'breaker', key } : { allowed: false, blockedBy: 'breaker', key, until };
      }
      if (breaker.breakerPhase(state, now) !== 'closed') trial = true;
    }
    return { allowed: true, trial, probeKeys };
  }

  function cooldownKeyFor(target: RoutingTarget, error: GatewayError): string {
    if (error.scope === 'provider') return cooldowns.providerKey(target.providerId);
    if (error.scope === 'model' && target.model !== undefined) return cooldowns.modelKey(target.connectionId, target.model);
    return cooldowns.accountKey(target.connectionId);
  }

  return {
    check(target) {
      const { probeKeys: _claims, ...admission } = evaluate(target, clock());
      return admission;
    },

    freeAt(target) {
      const now = clock();
      // A refused key does not come back by itself.
      if (rejected.has(cooldowns.accountKey(target.connectionId))) return undefined;
      for (const key of breakerKeys(target)) {
        if (!breaker.canPass(breakers.get(key) ?? breaker.CLOSED_BREAKER, now, bc)) return undefined;
      }
      let at = now;
      for (const active of cooldowns.activeCooldowns(book, target, now)) at = Math.max(at, active.until);
      return at;
    },

    admit(target) {
      const now = clock();
      const { probeKeys, ...admission } = evaluate(target, now);
      if (!admission.allowed) return admission;
      for (const key of probeKeys ?? []) updateBook(key, now, (b) => cooldowns.startProbe(b, key, now, cc));
      for (const key of breakerKeys(target)) updateBreaker(key, now, (s) => breaker.pass(s, now, bc).state);
      commit();
      return admission;
    },

    recordSuccess(target) {
      const now = clock();
      for (const key of breakerKeys(target)) updateBreaker(key, now, breaker.recordSuccess);
      for (const key of cooldowns.scopeKeys(target)) {
        const entry = book.get(key);
        // A probe's success ends the cooldown; an ended one is forgotten with its strikes. An
        // active one stays: this answer may come from a request sent before the cooldown began.
        if (entry !== undefined && (entry.until <= now || cooldowns.probeInFlight(book, key))) {
          updateBook(key, now, (b) => cooldowns.probeSucceeded(b, key));
        }
      }
      commit();
    },

    recordFailure(target, error, counted) {
      const now = clock();
      // Anything but an outage shows the upstream answering, which is what a breaker asks.
      const outage = breaker.countsTowardBreaker(error);
      for (const key of breakerKeys(target)) {
        if (!outage) updateBreaker(key, now, breaker.recordSuccess);
        else if (counted?.has(key) !== true) {
          // A breaker judges the provider, not one request: its retries count once.
          counted?.add(key);
          updateBreaker(key, now, (s) => breaker.recordFailure(s, now, bc));
        }
      }
      const coolKey = cooldownKeyFor(target, error);
      if (isKeyRejection(error.code)) {
        // The provider refused the key: no wait makes it good again, so the account is marked
        // rather than cooled (and not probed with a key known to be refused).
        const account = cooldowns.accountKey(target.connectionId);
        const credential = credentialOf?.(target.connectionId);
        const mark: KeyRejection = { reason: error.code, status: error.status, since: now, ...(credential !== undefined ? { credential } : {}) };
        if (!rejected.has(account)) {
          rejected.set(account, mark);
          touched.set(`key_rejected:${account}`, now);
          dirty = true;
        }
        for (const key of cooldowns.scopeKeys(target)) updateBook(key, now, (b) => cooldowns.abandonProbe(b, key));
        forgetEnded(now);
        commit();
        return;
      }
      const end = error.retryable ? cooldowns.cooldownEnd(book, { key: coolKey, error, now, random, config: cc }) : undefined;
      for (const key of cooldowns.scopeKeys(target)) {
        if (!cooldowns.probeInFlight(book, key)) continue;
        // A request error means the scope itself answered; any other failure keeps it cooling.
        if (!error.retryable) updateBook(key, now, (b) => cooldowns.probeSucceeded(b, key));
        else updateBook(key, now, (b) => cooldowns.probeFailed(b, key, { now, until: key === coolKey ? end : undefined, config: cc }));
      }
      if (end !== undefined) updateBook(coolKey, now, (b) => cooldowns.cool(b, { key: coolKey, until: end, reason: error.code, now, config: cc }));
      forgetEnded(now);
      commit();
    },

    abandon(target) {
      const now = clock();
      for (const key of cooldowns.scopeKeys(target)) updateBook(key, now, (b) => cooldowns.abandonProbe(b, key));
      for (const key of breakerKeys(target)) updateBreaker(key, now, breaker.releaseTrial);
      commit();
    },

    reset(key) {
      const now = clock();
      const had = book.has(key) || breakers.has(key) || rejected.has(key);
      if (rejected.delete(key)) dirty = true;
      updateBook(key, now, (b) => cooldowns.reset(b, key));
      updateBreaker(key, now, breaker.reset);
      commit();
      return had;
    },

    resetConnection(connectionId) {
      const now = clock();
      const account = cooldowns.accountKey(connectionId);
      const modelPrefix = cooldowns.modelKey(connectionId, '');
      const keys = [...book.keys()].filter((k) => k === account || k.startsWith(modelPrefix));
      const had = keys.length > 0 || breakers.has(account) || rejected.has(account);
      if (rejected.delete(account)) dirty = true;
      for (const key of keys) updateBook(key, now, (b) => cooldowns.reset(b, key));
      updateBreaker(account, now, breaker.reset);
      commit();
      return had;
    },

    cooldowns() {
      const now = clock();
      const out: CooldownView[] = [];
      for (const [key, e] of book) {
        if (e.until <= now) continue;
        const view: CooldownView = { key, until: e.until, reason: e.reason, since: e.since, strikes: e.strikes, probing: e.probe?.inFlightSince !== undefined };
        if (e.probe !== undefined) view.nextProbeAt = e.probe.nextAt;
        out.push(view);
      }
      return out.sort((a, b) => a.key.localeCompare(b.key));
    },

    breakers() {
      const now = clock();
      return [...breakers].map(([key, s]): BreakerView => {
        const view: BreakerView = { key, phase: breaker.breakerPhase(s, now), failures: s.phase === 'closed' ? s.failures : 0 };
        const at = breaker.reopensAt(s);
        if (at !== undefined && at > now) view.reopensAt = at;
        return view;
      }).sort((a, b) => a.key.localeCompare(b.key));
    },

    keyRejections() {
      return [...rejected].map(([key, r]): KeyRejectionView => ({ key, reason: r.reason, status: r.status, since: r.since })).sort((a, b) => a.key.localeCompare(b.key));
    },

    revalidateKeyRejections() {
      for (const [key, r] of rejected) {
        if (!stale(key, r)) continue;
        rejected.delete(key);
        dirty = true;
      }
      commit();
    },

    dueProbes() {
      return cooldowns.dueProbes(book, clock(), cc);
    },

    snapshot() {
      const now = clock();
      const rows: RoutingStateRow[] = [];
      for (const [key, e] of book) {
        if (e.until <= now) continue;
        rows.push({ kind: 'cooldown', key, state: storedCooldown(e), updatedAt: touched.get(`cooldown:${key}`) ?? now });
      }
      for (const [key, s] of breakers) {
        const state = s.phase === 'half-open' ? { phase: s.phase, coolOffMs: s.coolOffMs } : s;
        rows.push({ kind: 'breaker', key, state, updatedAt: touched.get(`breaker:${key}`) ?? now });
      }
      for (const [key, r] of rejected) rows.push({ kind: 'key_rejected', key, state: r, updatedAt: touched.get(`key_rejected:${key}`) ?? now });
      return rows;
    },

    restore(rows, now = clock()) {
      const nextBook = new Map<string, CooldownEntry>();
      const nextBreakers = new Map<string, BreakerState>();
      const nextRejected = new Map<string, KeyRejection>();
      let dropped = 0;
      touched.clear();
      for (const row of rows) {
        if (row.kind === 'cooldown') {
          const parsed = cooldownRowSchema.safeParse(row.state);
          if (!parsed.success || parsed.data.until <= now) {
            dropped += 1;
            continue;
          }
          const { probe, ...entry } = parsed.data;
          nextBook.set(row.key, probe === undefined ? entry : { ...entry, probe });
          touched.set(`cooldown:${row.key}`, row.updatedAt ?? now);
        } else if (row.kind === 'breaker') {
          const parsed = breakerRowSchema.safeParse(row.state);
          if (!parsed.success || (parsed.data.phase === 'closed' && parsed.data.failures === 0)) {
            dropped += 1;
            continue;
          }
          nextBreakers.set(row.key, parsed.data);
          touched.set(`breaker:${row.key}`, row.updatedAt ?? now);
        } else if (row.kind === 'key_rejected') {
          const parsed = keyRejectionRowSchema.safeParse(row.state);
          // A rejection of a key that has since been replaced is dropped: the new key gets its chance.
          if (!parsed.success || !row.key.startsWith('account:') || stale(row.key, parsed.data)) {
            dropped += 1;
            continue;
          }
          const { credential, ...mark } = parsed.data;
          nextRejected.set(row.key, credential === undefined ? mark : { ...mark, credential });
          touched.set(`key_rejected:${row.key}`, row.updatedAt ?? now);
        } else {
          dropped += 1;
        }
      }
      book = nextBook;
      breakers = nextBreakers;
      rejected = nextRejected;
      return { restored: nextBook.size + nextBreakers.size + nextRejected.size, dropped };
    },

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function storedCooldown(e: CooldownEntry): z.infer<typeof cooldownRowSchema> {
  const { until, reason, since, strikes, probe } = e;
  return probe === undefined ? { until, reason, since, strikes } : { until, reason, since, strikes, probe: { nextAt: probe.nextAt, intervalMs: probe.intervalMs } };
}
