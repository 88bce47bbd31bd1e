import type { RoutingConfig, LimitConfig } from '../config/index.js';
import type { CanonicalError } from '../formats/canonical.js';
import type { Admission, Planned, RouteEndpoint, RouterPort } from '../pipeline/router-port.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { PriceBook } from '../usage/price-book.js';
import { backoffDelay } from './backoff.js';
import { candidateWait, DEFAULT_MAX_WAIT_MS } from './candidate-wait.js';
import { classifyFailure } from './classify-failure.js';
import type { GatewayError } from './gateway-error.js';
import { isExhausted, learnedLimitSchema, learnLimits } from './learned-limits.js';
import type { LearnedLimit } from './learned-limits.js';
import { createLimiter } from './limiter.js';
import type { Limiter } from './limiter.js';
import { resolveGroups } from './resolve.js';
import type { CandidateGroup, RouteTarget } from './resolve.js';
import type { RouteTable } from './route-table.js';
import type { RoutingState } from './routing-state.js';
import { INITIAL_STRATEGY_STATE, STRATEGIES } from './strategies/index.js';
import type { Candidate, CandidateStats, StrategyName, StrategyState } from './strategies/index.js';

export const DEFAULT_MAX_ATTEMPTS = 6;
export const DEFAULT_TIME_BUDGET_MS = 120_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
/** Weight of the newest latency sample in the moving average p2c reads. */
const LATENCY_ALPHA = 0.2;

/**
 * Why an account may not take a request now, from outside routing's own state: its quota
 * window is used up, or a budget it spends from is spent. Routing skips it like a cooled
 * down account, so the request falls through to the next account, member or tier.
 */
export interface RouteBlock {
  /** When the block lifts (a window resets, a budget period ends). */
  until?: number;
  /** Says what is spent and what to do, e.g. "the daily budget of provider openai ($5.00) is spent". */
  message: string;
}

/** Asked for every candidate account when a request is planned and when it is admitted. */
export type RouteGate = (target: RouteTarget, now: number) => RouteBlock | undefined;

export interface RouterOptions {
  /** Quota and budget checks (see RouteGate). */
  gates?: readonly RouteGate[];
  table: () => RouteTable;
  state: RoutingState;
  settings: RoutingConfig;
  limits: readonly LimitConfig[];
  now: () => number;
  random: () => number;
  /** Model prices for cost-optimized ordering: the same book the request log's costs come from. */
  prices?: Pick<PriceBook, 'price'>;
}

export interface Router extends RouterPort {
  /** Live per-candidate numbers (for the health view and tests). */
  stats(key: string): CandidateStats;
  /** What providers said about each account's rate-limit windows (`account:<id>` keys). */
  learnedLimits(): Array<{ key: string } & LearnedLimit>;
  restoreLearnedLimits(rows: ReadonlyArray<{ key: string; state: unknown }>): void;
  onLearnedLimitsChange(listener: () => void): void;
  /** Replaces the per-provider limits (a setting edited in the app); a request holding a slot releases it on the limiter it took it from. */
  setLimits(limits: readonly LimitConfig[]): void;
}

/**
 * The model a call is booked under in routing state and strategy stats. Token counting is
 * kept apart: Anthropic limits it separately from generation, so a 429 on one must not cool
 * the other. Account and provider scopes (spent credit, outages) still cover both.
 */
function stateModel(model: string, endpoint: RouteEndpoint | undefined): string {
  return endpoint === 'count_tokens' ? `${model}#count_tokens` : model;
}

/** Names the blocked scope the way a user knows it: provider name, account label, model. */
function describe(target: RouteTarget, key: string): string {
  const account = `${target.provider.name} account "${target.connection.label}"`;
  if (key.startsWith('provider:')) return target.provider.name;
  if (key.startsWith('model:')) return `${account} for ${target.model}`;
  return account;
}

function blocked(admission: { key: string; until?: number; blockedBy: string }, target: RouteTarget, now: number): GatewayError {
  if (admission.blockedBy === 'key_rejected') {
    // Not a wait: the user has to change the key (or reset the account once it is fixed).
    const error: CanonicalError = {
      status: 503,
      kind: 'overloaded',
      message: `No account can take this request now: ${target.provider.name} rejected the API key of ${describe(target, admission.key)}; update the key or reset the account.`,
    };
    return { code: 'authentication_failed', status: 503, retryable: true, scope: 'account', error };
  }
  const seconds = admission.until !== undefined ? Math.max(1, Math.ceil((admission.until - now) / 1000)) : undefined;
  const breaker = admission.blockedBy === 'breaker';
  const what = breaker ? 'is failing and paused' : 'is cooling down after a rate limit or quota error';
  const error: CanonicalError = {
    status: breaker ? 503 : 429,
    kind: breaker ? 'overloaded' : 'rate_limit',
    message: `No account can take this request now: ${describe(target, admission.key)} ${what}${seconds ? `; retry in ${seconds} s` : ''}.`,
    ...(seconds !== undefined ? { retryAfter: seconds } : {}),
  };
  return { code: breaker ? 'overloaded' : 'rate_limited', status: error.status, retryable: true, scope: 'account', error, ...(admission.until !== undefined ? { retryAt: admission.until } : {}) };
}

function gateError(block: RouteBlock, now: number): GatewayError {
  const seconds = block.until !== undefined ? Math.max(1, Math.ceil((block.until - now) / 1000)) : undefined;
  const error: CanonicalError = {
    status: 429,
    kind: 'rate_limit',
    message: `No account can take this request now: ${block.message}${seconds !== undefined ? `; it resets in ${seconds} s` : ''}.`,
    ...(seconds !== undefined ? { retryAfter: seconds } : {}),
  };
  return { code: 'quota_exhausted', status: 429, retryable: true, scope: 'account', error, ...(block.until !== undefined ? { retryAt: block.until } : {}) };
}

/**
 * Routing as the pipeline sees it: the attempt order for a model (combo members ordered by
 * the combo's strategy, each member's accounts by the account strategy, unavailable ones left
 * out), admission through cooldowns, breakers and provider limits, and the bookkeeping the
 * strategies read (in-flight, latency, use counts).
 */
export function createRouter(opts: RouterOptions): Router {
  const { state, settings } = opts;
  const stats = new Map<string, CandidateStats>();
  const strategyStates = new Map<string, StrategyState>();
  const limiters = new Map<string, Limiter>();
  const setLimits = (limits: readonly LimitConfig[]): void => {
    limiters.clear();
    const maxWaitMs = settings.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
    for (const l of limits) limiters.set(l.provider, createLimiter({ limits: l, now: opts.now, maxWaitMs }));
  };
  setLimits(opts.limits);
  const learned = new Map<string, LearnedLimit>();
  const limitListeners: Array<() => void> = [];
  const gates = opts.gates ?? [];
  const priceOf = (provider: ProviderDescriptor, model: string): Candidate['price'] => {
    const price = opts.prices?.price(provider.id, model);
    return price ? { input: price.input, output: price.output } : undefined;
  };
  const gateBlock = (target: RouteTarget, now: number): RouteBlock | undefined => {
    for (const gate of gates) {
      const block = gate(target, now);
      if (block) return block;
    }
    return undefined;
  };

  /** Learns the account's windows; a window the provider says is spent cools the account
   * until it refills, so the next request goes elsewhere instead of to a certain 429. */
  const observe = (target: RouteTarget, headers: Record<string, string | string[] | undefined>): void => {
    const now = opts.now();
    const limit = learnLimits(headers, now);
    if (!limit) return;
    learned.set(`account:${target.connection.id}`, limit);
    for (const l of limitListeners) l();
    if (!isExhausted(limit, now)) return;
    // The windows in an answer's headers are the ones that applied to its model (OpenAI and
    // Anthropic count per model), so only that model waits for the refill.
    const message = `${target.provider.name} account "${target.connection.label}" has used up its rate-limit window for ${target.model} until ${new Date(limit.resetAt!).toISOString()}.`;
    state.recordFailure(
      { providerId: target.provider.id, connectionId: target.connection.id, model: target.model },
      { code: 'rate_limited', status: 429, retryable: true, scope: 'model', retryAt: limit.resetAt!, error: { status: 429, kind: 'rate_limit', message } },
    );
  };

  const statsOf = (key: string): CandidateStats => {
    let s = stats.get(key);
    if (!s) stats.set(key, (s = { inFlight: 0, used: 0 }));
    return s;
  };

  function order<C extends Candidate>(groupKey: string, strategy: StrategyName, candidates: C[], sticky?: number): C[] {
    if (candidates.length < 2) return candidates;
    const out = STRATEGIES[strategy]({
      candidates,
      stats: statsOf,
      state: strategyStates.get(groupKey) ?? INITIAL_STRATEGY_STATE,
      random: opts.random,
      ...(sticky ? { sticky } : {}),
    });
    strategyStates.set(groupKey, out.state);
    return out.order as C[];
  }

  function accountsOf(group: CandidateGroup, now: number, endpoint: RouteEndpoint | undefined): RouteTarget[] {
    const model = stateModel(group.model, endpoint);
    const available = group.connections
      .filter((c) => state.check({ providerId: group.provider.id, connectionId: c.id, model }).allowed)
      .filter((c) => gates.length === 0 || !gateBlock({ provider: group.provider, connection: c, model: group.model }, now))
      .map((c) => ({ key: `${c.id}:${model}`, priority: c.priority, target: { provider: group.provider, connection: c, model: group.model } }));
    const price = priceOf(group.provider, group.model);
    const candidates = available.map((a) => (price ? { ...a, price } : a));
    return order(`accounts:${group.provider.id}/${model}`, settings.strategy ?? 'fill-first', candidates).map((c) => c.target);
  }

  /**
   * When a blocked target frees by itself: when its cooldowns end and any quota or budget in
   * its way resets. Undefined when it does not free at a known time (a breaker, a block
   * without a reset time).
   */
  function freeAtOf(target: RouteTarget, endpoint: RouteEndpoint | undefined, now: number): number | undefined {
    const cooled = state.freeAt({ providerId: target.provider.id, connectionId: target.connection.id, model: stateModel(target.model, endpoint) });
    if (cooled === undefined) return undefined;
    const spent = gates.length > 0 ? gateBlock(target, now) : undefined;
    if (spent === undefined) return cooled;
    return spent.until === undefined ? undefined : Math.max(cooled, spent.until);
  }

  function earliestFree(groups: readonly CandidateGroup[], endpoint: RouteEndpoint | undefined, now: number): number | undefined {
    let earliest: number | undefined;
    for (const g of groups) {
      for (const connection of g.connections) {
        const at = freeAtOf({ provider: g.provider, connection, model: g.model }, endpoint, now);
        if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
      }
    }
    return earliest;
  }

  const plan = (requested: string, _now?: number, endpoint?: RouteEndpoint): Planned => {
    const resolved = resolveGroups(opts.table(), requested);
    if (!resolved.ok) return resolved;
    let groups = resolved.groups;
    if (resolved.combo) {
      const { combo } = resolved;
      const members = groups.map((g, i) => {
        const price = priceOf(g.provider, g.model);
        return { key: `${g.provider.id}/${g.model}`, priority: i, group: g, ...(price ? { price } : {}) };
      });
      groups = order(`combo:${combo.name}`, combo.strategy, members, combo.sticky).map((m) => m.group);
    }
    const now = opts.now();
    const candidates = groups.flatMap((g) => accountsOf(g, now, endpoint));
    if (candidates.length > 0) return { ok: true, candidates };
    // Everything is cooling down, paused or spent: say until when, without calling anyone,
    // and when the first candidate frees, so the caller may decide to wait for it.
    const freeAt = earliestFree(groups, endpoint, now);
    const withFreeAt = freeAt === undefined ? {} : { freeAt };
    const g = groups[0]!;
    const target = { provider: g.provider, connection: g.connections[0]!, model: g.model };
    const spent = gateBlock(target, now);
    if (spent) return { ok: false, error: gateError(spent, now).error, ...withFreeAt };
    const admission = state.check({ providerId: g.provider.id, connectionId: target.connection.id, model: stateModel(g.model, endpoint) });
    const error: CanonicalError = admission.allowed ? { status: 503, kind: 'overloaded', message: 'No account is available.' } : blocked(admission, target, now).error;
    return { ok: false, error, ...withFreeAt };
  };

  const admit = async (target: RouteTarget, _now?: number, endpoint?: RouteEndpoint): Promise<Admission> => {
    const model = stateModel(target.model, endpoint);
    const routingTarget = { providerId: target.provider.id, connectionId: target.connection.id, model };
    const refused = (error: GatewayError, freeAt = freeAtOf(target, endpoint, opts.now())): Admission =>
      freeAt === undefined ? { ok: false, error } : { ok: false, error, freeAt };
    // A target that is blocked already does not wait in the queue to learn it.
    const early = state.check(routingTarget);
    if (!early.allowed) return refused(blocked(early, target, opts.now()));
    const spent = gates.length > 0 ? gateBlock(target, opts.now()) : undefined;
    if (spent) return refused(gateError(spent, opts.now()));
    const limiter = limiters.get(target.provider.id);
    const slot = limiter ? await limiter.acquire() : undefined;
    if (slot && !slot.ok) {
      const seconds = Math.ceil(slot.retryAfterMs / 1000);
      const error: CanonicalError = {
        status: 429,
        kind: 'rate_limit',
        message: `The gateway's limit for ${target.provider.name} is reached (too many requests at once or per minute). Retry in ${seconds} s.`,
        retryAfter: seconds,
      };
      const retryAt = opts.now() + slot.retryAfterMs;
      return refused({ code: 'rate_limited', status: 429, retryable: true, scope: 'provider', error, retryAt }, retryAt);
    }
    // Admission is decided after the wait for a slot: while this request was queued, the calls
    // ahead of it may have opened the breaker or started a cooldown, and a queue of requests
    // admitted before that would all go out to an upstream known to be failing.
    const admission = state.admit(routingTarget);
    if (!admission.allowed) {
      slot?.release();
      return refused(blocked(admission, target, opts.now()));
    }
    const s = statsOf(`${target.connection.id}:${model}`);
    s.inFlight++;
    s.used++;
    let finished = false;
    return {
      ok: true,
      done(result) {
        if (finished) return;
        finished = true;
        s.inFlight--;
        if (slot?.ok) slot.release();
        if (result.kind === 'success') {
          s.latencyMs = s.latencyMs === undefined ? result.latencyMs : s.latencyMs + LATENCY_ALPHA * (result.latencyMs - s.latencyMs);
          state.recordSuccess(routingTarget);
        } else if (result.kind === 'failure') state.recordFailure(routingTarget, result.error, result.counted);
        else state.abandon(routingTarget);
      },
    };
  };

  return {
    plan,
    admit,
    classify: classifyFailure,
    // Settings edited in the app change `settings` in place; each request reads them as it starts.
    get budget() {
      return { maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, timeBudgetMs: settings.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS };
    },
    backoffMs: (round) => backoffDelay({ attempt: round, baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS, random: opts.random }),
    candidateWaitMs: (query) => candidateWait({ ...query, maxWaitMs: settings.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, random: opts.random }),
    stats: statsOf,
    observe,
    learnedLimits: () => [...learned].map(([key, limit]) => ({ key, ...limit })),
    setLimits,
    restoreLearnedLimits(rows) {
      for (const row of rows) {
        const parsed = learnedLimitSchema.safeParse(row.state);
        if (parsed.success) learned.set(row.key, parsed.data);
      }
    },
    onLearnedLimitsChange: (listener) => void limitListeners.push(listener),
  };
}
