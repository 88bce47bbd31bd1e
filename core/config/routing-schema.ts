import { z } from 'zod';

// The routing sections of the config file: combos, aliases, per-provider limits and the
// resilience settings. Cross-checks against the known providers live in routing-parse.ts.

export const THINKING_MODES = ['passthrough', 'auto', 'custom', 'adaptive'] as const;
export type ThinkingMode = (typeof THINKING_MODES)[number];

export const STRATEGY_NAMES = ['fill-first', 'round-robin', 'p2c', 'random', 'least-used', 'cost-optimized'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

const strategy = z.enum(STRATEGY_NAMES, { error: `expected one of ${STRATEGY_NAMES.join(', ')}` });
const positiveInt = z.number().int({ message: 'must be a positive integer' }).positive({ message: 'must be a positive integer' });
const nonNegativeInt = z.number().int({ message: 'must be an integer >= 0' }).min(0, { message: 'must be an integer >= 0' });
const name = z.string().min(1, { message: 'must not be empty' });

export const routingSchema = z.strictObject({
  /** How a provider's accounts are ordered (combos pick their own). Default fill-first. */
  strategy: strategy.optional(),
  /** Upstream attempts per client request, fallbacks included. Default 6. */
  maxAttempts: positiveInt.optional(),
  /** Wall-clock budget for all attempts of one request. Default 120 s. */
  timeBudgetMs: positiveInt.optional(),
  /**
   * How long the gateway waits on one upstream call (each also within timeBudgetMs until the
   * answer's headers arrive): connect, first byte (headers), idle between two chunks of an
   * answer, and the whole of a streamed answer. Defaults 10 s, 120 s, 120 s, 30 min.
   */
  upstreamTimeouts: z
    .strictObject({
      connectMs: positiveInt.optional(),
      firstByteMs: positiveInt.optional(),
      idleMs: positiveInt.optional(),
      streamTotalMs: positiveInt.optional(),
    })
    .optional(),
  /**
   * When every candidate is cooling down, a request waits for the first to free if that is
   * at most this long away (in total per request, within timeBudgetMs); 0 = never wait. Default 10 s.
   */
  maxWaitMs: nonNegativeInt.optional(),
  breaker: z
    .strictObject({
      /** Consecutive failures that open a breaker. Default 5. */
      threshold: positiveInt.optional(),
      /** How long an open breaker waits before one trial request. Default 30 s. */
      coolOffMs: positiveInt.optional(),
    })
    .optional(),
  /** Cooldowns longer than this are re-probed instead of trusted. Default 10 min. */
  reprobeAfterMs: positiveInt.optional(),
  /** Providers routing must not use (their models are hidden from /v1/models too). */
  disabledProviders: z.array(name).optional(),
  /** Prepended to every request's system prompt, whatever the client's format. */
  systemPrompt: z.string().min(1, { message: 'must not be empty' }).optional(),
  /**
   * Reasoning budget policy: passthrough (the client decides), auto (reasoning on at medium
   * effort when the client did not say), custom (always budgetTokens), adaptive (effort
   * from the size of the conversation).
   */
  thinking: z
    .strictObject({
      mode: z.enum(THINKING_MODES, { error: `expected one of ${THINKING_MODES.join(', ')}` }),
      budgetTokens: positiveInt.optional(),
    })
    .refine((t) => t.mode !== 'custom' || t.budgetTokens !== undefined, { message: 'mode custom needs budgetTokens' })
    .optional(),
  /**
   * Non-streaming requests with the same Idempotency-Key and body within this window share one
   * upstream call; without the header requests are never merged (0 = off). Default 3 s.
   */
  idempotencyWindowMs: nonNegativeInt.optional(),
  /** Where requests recognised as background work (titles, summaries) go instead. */
  backgroundModel: name.optional(),
});

export const comboMemberSchema = z.strictObject({
  /** `<provider>/<model>`. */
  model: name,
  /** Pin the member to one account (a connection label of that provider). */
  connection: name.optional(),
});

export const comboSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'must use only letters, digits, ".", "_" and "-"' }),
  strategy: strategy.optional(),
  /** Round-robin: requests a member leads before the next takes over. */
  sticky: positiveInt.optional(),
  enabled: z.boolean().optional(),
  members: z.array(comboMemberSchema).min(1, { message: 'a combo needs at least one member' }),
});

export const limitSchema = z.strictObject({
  provider: name,
  maxConcurrent: positiveInt.optional(),
  minGapMs: nonNegativeInt.optional(),
  requestsPerMinute: positiveInt.optional(),
});

/** `from: to`; a trailing `*` in both captures the rest (`claude-*: anthropic/claude-*`). */
export const aliasesSchema = z.record(name, name);

export type RoutingConfig = z.infer<typeof routingSchema>;
export type ComboConfig = z.infer<typeof comboSchema>;
export type LimitConfig = z.infer<typeof limitSchema>;
