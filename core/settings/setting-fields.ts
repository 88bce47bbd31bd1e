/**
 * The settings the app edits, as data: each key's schema (the config file's own, so the app
 * and the file refuse the same values with the same words), its default, where the file
 * sets it, and whether it takes effect at once or at the next start.
 */
import { z } from 'zod';
import type { GatewayConfig } from '../config/index.js';
import { serverSchema } from '../config/schema.js';
import { routingSchema } from '../config/routing-schema.js';
import { budgetSchema, pricingSchema, requestLogSchema } from '../config/usage-schema.js';
import { limitSchema, type LimitConfig, type RoutingConfig, type StrategyName } from '../config/routing-schema.js';
import type { BudgetConfig, ModelPriceConfig } from '../config/usage-schema.js';
import type { SettingKey } from '../control/setup-contract.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIME_BUDGET_MS } from '../routing/router.js';
import { DEFAULT_MAX_WAIT_MS } from '../routing/candidate-wait.js';
import { DEFAULT_RETENTION_DAYS } from '../store/retention.js';
import { DEFAULT_BREAKER_CONFIG } from '../routing/breaker.js';
import { DEFAULT_COOLDOWN_CONFIG } from '../routing/cooldowns.js';
import { DEFAULT_TIMEOUTS } from '../upstream/client.js';

/** What each setting holds once its schema accepted it; `null` where "not set" is a value. */
export interface SettingTypes {
  'server.host': string;
  'server.port': number;
  'routing.strategy': StrategyName;
  'routing.maxAttempts': number;
  'routing.timeBudgetMs': number;
  'routing.maxWaitMs': number;
  'routing.systemPrompt': string | null;
  'routing.backgroundModel': string | null;
  'routing.disabledProviders': string[];
  'routing.thinking': RoutingConfig['thinking'] | null;
  'routing.breaker.threshold': number;
  'routing.breaker.coolOffMs': number;
  'routing.reprobeAfterMs': number;
  'routing.idempotencyWindowMs': number;
  'routing.upstreamTimeouts.connectMs': number;
  'routing.upstreamTimeouts.firstByteMs': number;
  'routing.upstreamTimeouts.idleMs': number;
  'routing.upstreamTimeouts.streamTotalMs': number;
  limits: LimitConfig[];
  pricing: Record<string, ModelPriceConfig>;
  budgets: BudgetConfig[];
  'requestLog.enabled': boolean;
  'requestLog.captureBodies': boolean;
  'requestLog.retentionDays': number;
}

export interface SettingField {
  key: SettingKey;
  schema: z.ZodType;
  defaultValue: unknown;
  appliesAt: 'now' | 'restart';
  /** The file's value, undefined when the file does not set it. */
  fromFile(config: GatewayConfig | undefined): unknown;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 20128;

const routing = routingSchema.shape;
const requestLog = requestLogSchema.shape;
const breaker = routing.breaker.unwrap().shape;
const timeouts = routing.upstreamTimeouts.unwrap().shape;
/** Non-streaming requests with the same Idempotency-Key and body within this window share one upstream call. */
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 3_000;
const nonEmptyText = z.string().min(1, { message: 'must not be empty' }).max(20_000, { message: 'must be at most 20000 characters' });

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'server.host', schema: z.string().min(1, { message: 'must not be empty' }).max(253), defaultValue: DEFAULT_HOST, appliesAt: 'restart', fromFile: (c) => c?.server.host },
  // 0 is the file's "any free port" for tests; a user-set port is a real one.
  { key: 'server.port', schema: serverSchema.shape.port.unwrap().min(1, { message: 'must be an integer from 1 to 65535' }), defaultValue: DEFAULT_PORT, appliesAt: 'restart', fromFile: (c) => c?.server.port },
  { key: 'routing.strategy', schema: routing.strategy.unwrap(), defaultValue: 'fill-first', appliesAt: 'now', fromFile: (c) => c?.routing.strategy },
  { key: 'routing.maxAttempts', schema: routing.maxAttempts.unwrap(), defaultValue: DEFAULT_MAX_ATTEMPTS, appliesAt: 'now', fromFile: (c) => c?.routing.maxAttempts },
  { key: 'routing.timeBudgetMs', schema: routing.timeBudgetMs.unwrap(), defaultValue: DEFAULT_TIME_BUDGET_MS, appliesAt: 'now', fromFile: (c) => c?.routing.timeBudgetMs },
  { key: 'routing.maxWaitMs', schema: routing.maxWaitMs.unwrap(), defaultValue: DEFAULT_MAX_WAIT_MS, appliesAt: 'now', fromFile: (c) => c?.routing.maxWaitMs },
  { key: 'routing.systemPrompt', schema: nonEmptyText, defaultValue: null, appliesAt: 'now', fromFile: (c) => c?.routing.systemPrompt },
  { key: 'routing.backgroundModel', schema: routing.backgroundModel.unwrap(), defaultValue: null, appliesAt: 'now', fromFile: (c) => c?.routing.backgroundModel },
  { key: 'routing.disabledProviders', schema: routing.disabledProviders.unwrap().max(200), defaultValue: [], appliesAt: 'now', fromFile: (c) => c?.routing.disabledProviders },
  { key: 'routing.thinking', schema: routing.thinking.unwrap(), defaultValue: null, appliesAt: 'now', fromFile: (c) => c?.routing.thinking },
  // Resilience: read when the routing state and the upstream client are made, at start.
  { key: 'routing.breaker.threshold', schema: breaker.threshold.unwrap(), defaultValue: DEFAULT_BREAKER_CONFIG.threshold, appliesAt: 'restart', fromFile: (c) => c?.routing.breaker?.threshold },
  { key: 'routing.breaker.coolOffMs', schema: breaker.coolOffMs.unwrap(), defaultValue: DEFAULT_BREAKER_CONFIG.coolOffMs, appliesAt: 'restart', fromFile: (c) => c?.routing.breaker?.coolOffMs },
  { key: 'routing.reprobeAfterMs', schema: routing.reprobeAfterMs.unwrap(), defaultValue: DEFAULT_COOLDOWN_CONFIG.reprobeAfterMs, appliesAt: 'restart', fromFile: (c) => c?.routing.reprobeAfterMs },
  { key: 'routing.idempotencyWindowMs', schema: routing.idempotencyWindowMs.unwrap(), defaultValue: DEFAULT_IDEMPOTENCY_WINDOW_MS, appliesAt: 'restart', fromFile: (c) => c?.routing.idempotencyWindowMs },
  { key: 'routing.upstreamTimeouts.connectMs', schema: timeouts.connectMs.unwrap(), defaultValue: DEFAULT_TIMEOUTS.connectMs, appliesAt: 'restart', fromFile: (c) => c?.routing.upstreamTimeouts?.connectMs },
  { key: 'routing.upstreamTimeouts.firstByteMs', schema: timeouts.firstByteMs.unwrap(), defaultValue: DEFAULT_TIMEOUTS.firstByteMs, appliesAt: 'restart', fromFile: (c) => c?.routing.upstreamTimeouts?.firstByteMs },
  { key: 'routing.upstreamTimeouts.idleMs', schema: timeouts.idleMs.unwrap(), defaultValue: DEFAULT_TIMEOUTS.idleMs, appliesAt: 'restart', fromFile: (c) => c?.routing.upstreamTimeouts?.idleMs },
  { key: 'routing.upstreamTimeouts.streamTotalMs', schema: timeouts.streamTotalMs.unwrap(), defaultValue: DEFAULT_TIMEOUTS.streamTotalMs, appliesAt: 'restart', fromFile: (c) => c?.routing.upstreamTimeouts?.streamTotalMs },
  // Lists the file spells as sections; an empty section in the file is as good as none.
  { key: 'limits', schema: z.array(limitSchema).max(200), defaultValue: [], appliesAt: 'now', fromFile: (c) => nonEmpty(c?.limits) },
  { key: 'pricing', schema: pricingSchema, defaultValue: {}, appliesAt: 'now', fromFile: (c) => (c && Object.keys(c.pricing).length > 0 ? c.pricing : undefined) },
  { key: 'budgets', schema: z.array(budgetSchema).max(200), defaultValue: [], appliesAt: 'now', fromFile: (c) => nonEmpty(c?.budgets) },
  { key: 'requestLog.enabled', schema: requestLog.enabled.unwrap(), defaultValue: true, appliesAt: 'now', fromFile: (c) => c?.server.requestLog?.enabled },
  { key: 'requestLog.captureBodies', schema: requestLog.captureBodies.unwrap(), defaultValue: false, appliesAt: 'restart', fromFile: (c) => c?.server.requestLog?.captureBodies },
  { key: 'requestLog.retentionDays', schema: requestLog.retentionDays.unwrap(), defaultValue: DEFAULT_RETENTION_DAYS, appliesAt: 'now', fromFile: (c) => c?.server.requestLog?.retentionDays },
];

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** A setting's type; fails to compile while SettingTypes misses a key of the contract. */
export type SettingValue<K extends SettingKey> = SettingTypes[K];
