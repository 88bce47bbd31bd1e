import { backoffDelay } from './backoff.js';
import type { GatewayError, GatewayErrorCode } from './gateway-error.js';

// A cooldown keeps routing away from one scope until a time: one account, one model on one
// account, or one provider. The book is an immutable map: every change returns a new book and
// an unchanged book is returned as is, so a caller sees whether anything changed.

export const accountKey = (connectionId: string): string => `account:${connectionId}`;
export const modelKey = (connectionId: string, model: string): string => `model:${connectionId}:${model}`;
export const providerKey = (providerId: string): string => `provider:${providerId}`;

export interface ProbeSchedule {
  /** The earliest time of the next probe (Unix ms). */
  nextAt: number;
  /** The wait after the next failed probe is twice this, up to the maximum. */
  intervalMs: number;
  /** Set while a probe is out; a probe that never reports is forgotten after probeTimeoutMs. */
  inFlightSince?: number;
}

export interface CooldownEntry {
  /** Unix ms from which the scope may be tried again. */
  until: number;
  reason: GatewayErrorCode;
  /** When this cooldown began (a cooldown extended while active keeps its start). */
  since: number;
  /** Cooldowns in a row without a success, which sets the backoff of the next one. */
  strikes: number;
  /** Present when the cooldown is long enough to be checked by probing instead of trusted. */
  probe?: ProbeSchedule;
}

export type CooldownBook = ReadonlyMap<string, CooldownEntry>;

export interface CooldownConfig {
  /** A cooldown longer than this gets probes, the first one this long after it began. */
  reprobeAfterMs: number;
  /** The wait between probes doubles after each failed one, up to this. */
  maxProbeIntervalMs: number;
  /** A probe that has not reported after this long no longer blocks the next one. */
  probeTimeoutMs: number;
  /** Authentication and permission failures without a reset time. */
  authCooldownMs: number;
  /** Spent quota or credit without a reset time. */
  quotaCooldownMs: number;
  /** Rate limits without a reset time: full-jitter backoff over the strikes in a row. */
  rateLimitBaseMs: number;
  rateLimitMaxMs: number;
  /** The floor under a jittered rate-limit cooldown, so a draw near 0 still spaces retries. */
  rateLimitMinMs: number;
  /** An ended cooldown is remembered this long, so a new failure soon after backs off further. */
  forgetAfterMs: number;
}

export const DEFAULT_COOLDOWN_CONFIG: Readonly<CooldownConfig> = {
  reprobeAfterMs: 10 * 60_000,
  maxProbeIntervalMs: 2 * 60 * 60_000,
  probeTimeoutMs: 2 * 60_000,
  authCooldownMs: 60 * 60_000,
  quotaCooldownMs: 60 * 60_000,
  rateLimitBaseMs: 2_000,
  rateLimitMaxMs: 5 * 60_000,
  rateLimitMinMs: 1_000,
  forgetAfterMs: 10 * 60_000,
};

export const emptyCooldownBook = (): CooldownBook => new Map();

export interface CoolInput {
  key: string;
  until: number;
  reason: GatewayErrorCode;
  now: number;
  config?: CooldownConfig;
}

/**
 * Puts a key into cooldown until `until`. Failures that land while the key is already cooling
 * share its cooldown: an earlier end is ignored, a later one extends it, and neither counts as
 * another strike.
 */
export function cool(book: CooldownBook, input: CoolInput): CooldownBook {
  const { key, until, reason, now } = input;
  const config = input.config ?? DEFAULT_COOLDOWN_CONFIG;
  if (!(until > now)) return book;
  const existing = book.get(key);
  if (existing !== undefined && existing.until > now) {
    if (until <= existing.until) return book;
    const extended: CooldownEntry = { ...existing, until, reason };
    if (extended.probe === undefined && until - existing.since > config.reprobeAfterMs) {
      extended.probe = { nextAt: existing.since + config.reprobeAfterMs, intervalMs: config.reprobeAfterMs };
    }
    return withEntry(book, key, extended);
  }
  const entry: CooldownEntry = { until, reason, since: now, strikes: (existing?.strikes ?? 0) + 1 };
  if (until - now > config.reprobeAfterMs) entry.probe = { nextAt: now + config.reprobeAfterMs, intervalMs: config.reprobeAfterMs };
  return withEntry(book, key, entry);
}

/** The end of the key's cooldown, or undefined when it is not cooling. */
export function coolingUntil(book: CooldownBook, key: string, now: number): number | undefined {
  const entry = book.get(key);
  return entry !== undefined && entry.until > now ? entry.until : undefined;
}

export interface CooldownScope {
  connectionId: string;
  providerId: string;
  /** The provider's model id; without it only the account and provider are checked. */
  model?: string;
}

/** The keys whose cooldowns stop a request to this model on this account. */
export function scopeKeys(scope: CooldownScope): string[] {
  const keys = [providerKey(scope.providerId), accountKey(scope.connectionId)];
  if (scope.model !== undefined) keys.push(modelKey(scope.connectionId, scope.model));
  return keys;
}

export function isAvailable(book: CooldownBook, scope: CooldownScope, now: number): boolean {
  return scopeKeys(scope).every((key) => coolingUntil(book, key, now) === undefined);
}

export interface ActiveCooldown {
  key: string;
  until: number;
  reason: GatewayErrorCode;
}

/** The active cooldowns stopping this scope, latest-ending first. */
export function activeCooldowns(book: CooldownBook, scope: CooldownScope, now: number): ActiveCooldown[] {
  const out: ActiveCooldown[] = [];
  for (const key of scopeKeys(scope)) {
    const entry = book.get(key);
    if (entry !== undefined && entry.until > now) out.push({ key, until: entry.until, reason: entry.reason });
  }
  return out.sort((a, b) => b.until - a.until);
}

/** Forgets a key (manual reset, or a success that proves the scope works). */
export function reset(book: CooldownBook, key: string): CooldownBook {
  if (!book.has(key)) return book;
  const next = new Map(book);
  next.delete(key);
  return next;
}

/** Drops entries that ended more than `forgetAfterMs` ago, and with them their strike count. */
export function prune(book: CooldownBook, now: number, forgetAfterMs: number): CooldownBook {
  let next: Map<string, CooldownEntry> | undefined;
  for (const [key, entry] of book) {
    if (entry.until + forgetAfterMs > now) continue;
    next ??= new Map(book);
    next.delete(key);
  }
  return next ?? book;
}

export interface CooldownEndInput {
  key: string;
  error: GatewayError;
  now: number;
  random: () => number;
  config?: CooldownConfig;
}

/**
 * How long a failure cools its scope: the provider's own reset time when it gave one, else a
 * default for its kind. Undefined for failures that do not cool (outages go to the breakers).
 */
export function cooldownEnd(book: CooldownBook, input: CooldownEndInput): number | undefined {
  const { error, now } = input;
  const config = input.config ?? DEFAULT_COOLDOWN_CONFIG;
  if (error.retryAt !== undefined) return error.retryAt > now ? error.retryAt : undefined;
  const existing = book.get(input.key);
  const active = existing !== undefined && existing.until > now;
  // More failures of the kind that started the cooldown come from requests sent before it began:
  // they share it rather than push its end. A probe's failure is news, so it gets a fresh end.
  if (active && existing.reason === error.code && existing.probe?.inFlightSince === undefined) return existing.until;
  switch (error.code) {
    case 'rate_limited': {
      // The strike this failure would be: a failure during an active cooldown shares it.
      const strikes = existing === undefined ? 1 : active ? existing.strikes : existing.strikes + 1;
      const delay = backoffDelay({ attempt: strikes - 1, baseMs: config.rateLimitBaseMs, maxMs: config.rateLimitMaxMs, random: input.random });
      return now + Math.max(config.rateLimitMinMs, delay);
    }
    case 'authentication_failed':
    case 'permission_denied':
      return now + config.authCooldownMs;
    case 'quota_exhausted':
      return now + config.quotaCooldownMs;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Self-healing: a long cooldown (a quota that resets in days, a key that was revoked) is
// checked with one request at a time on a bounded schedule rather than trusted to its end.
// ---------------------------------------------------------------------------------------

/** Whether one request may go to this cooling key now to learn whether it works again. */
export function probeDue(book: CooldownBook, key: string, now: number, config: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): boolean {
  const entry = book.get(key);
  if (entry === undefined || entry.until <= now || entry.probe === undefined) return false;
  const { nextAt, inFlightSince } = entry.probe;
  if (now < nextAt) return false;
  return inFlightSince === undefined || now - inFlightSince >= config.probeTimeoutMs;
}

/** Every key whose probe is due, for a background prober. */
export function dueProbes(book: CooldownBook, now: number, config: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): string[] {
  return [...book.keys()].filter((key) => probeDue(book, key, now, config));
}

/** Marks the key's probe as out; the book is unchanged when no probe is due. */
export function startProbe(book: CooldownBook, key: string, now: number, config: CooldownConfig = DEFAULT_COOLDOWN_CONFIG): CooldownBook {
  const entry = book.get(key);
  if (entry?.probe === undefined || !probeDue(book, key, now, config)) return book;
  return withEntry(book, key, { ...entry, probe: { ...entry.probe, inFlightSince: now } });
}

/** The scope answered: the cooldown is over. */
export function probeSucceeded(book: CooldownBook, key: string): CooldownBook {
  return reset(book, key);
}

export interface ProbeFailedInput {
  now: number;
  /** A fresh reset time the failed probe brought; it replaces the old one, earlier or later. */
  until?: number;
  config?: CooldownConfig;
}

/** The scope still fails: the next probe waits twice as long as the last, up to the maximum. */
export function probeFailed(book: CooldownBook, key: string, input: ProbeFailedInput): CooldownBook {
  const entry = book.get(key);
  if (entry?.probe === undefined) return book;
  const config = input.config ?? DEFAULT_COOLDOWN_CONFIG;
  const intervalMs = Math.min(entry.probe.intervalMs * 2, config.maxProbeIntervalMs);
  const until = input.until !== undefined && input.until > input.now ? input.until : entry.until;
  return withEntry(book, key, { ...entry, until, probe: { nextAt: input.now + intervalMs, intervalMs } });
}

/** The probe ended without a verdict (the client went away): the next request may probe. */
export function abandonProbe(book: CooldownBook, key: string): CooldownBook {
  const entry = book.get(key);
  if (entry?.probe?.inFlightSince === undefined) return book;
  const { inFlightSince: _dropped, ...probe } = entry.probe;
  return withEntry(book, key, { ...entry, probe });
}

export function probeInFlight(book: CooldownBook, key: string): boolean {
  return book.get(key)?.probe?.inFlightSince !== undefined;
}

function withEntry(book: CooldownBook, key: string, entry: CooldownEntry): CooldownBook {
  const next = new Map(book);
  next.set(key, entry);
  return next;
}
