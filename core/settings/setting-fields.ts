/**
 * The settings the app edits, as data: each key's schema (the config file's own, so the app
 * and the file refuse the same values with the same words), its default, where the file
 * sets it, and whether it takes effect at once or at the next start.
 */
import { z } from 'zod';
import type { GatewayConfig } from '../config/index.js';
import { serverSchema } from '../config/schema.js';
import { routingSchema } from '../config/routing-schema.js';
import { requestLogSchema } from '../config/usage-schema.js';
import type { SettingKey } from '../control/setup-contract.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIME_BUDGET_MS } from '../routing/router.js';
import { DEFAULT_MAX_WAIT_MS } from '../routing/candidate-wait.js';
import { DEFAULT_RETENTION_DAYS } from '../store/retention.js';

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
const nonEmpty = z.string().min(1, { message: 'must not be empty' }).max(20_000, { message: 'must be at most 20000 characters' });

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'server.host', schema: z.string().min(1, { message: 'must not be empty' }).max(253), defaultValue: DEFAULT_HOST, appliesAt: 'restart', fromFile: (c) => c?.server.host },
  // 0 is the file's "any free port" for tests; a user-set port is a real one.
  { key: 'server.port', schema: serverSchema.shape.port.unwrap().min(1, { message: 'must be an integer from 1 to 65535' }), defaultValue: DEFAULT_PORT, appliesAt: 'restart', fromFile: (c) => c?.server.port },
  { key: 'routing.strategy', schema: routing.strategy.unwrap(), defaultValue: 'fill-first', appliesAt: 'now', fromFile: (c) => c?.routing.strategy },
  { key: 'routing.maxAttempts', schema: routing.maxAttempts.unwrap(), defaultValue: DEFAULT_MAX_ATTEMPTS, appliesAt: 'now', fromFile: (c) => c?.routing.maxAttempts },
  { key: 'routing.timeBudgetMs', schema: routing.timeBudgetMs.unwrap(), defaultValue: DEFAULT_TIME_BUDGET_MS, appliesAt: 'now', fromFile: (c) => c?.routing.timeBudgetMs },
  { key: 'routing.maxWaitMs', schema: routing.maxWaitMs.unwrap(), defaultValue: DEFAULT_MAX_WAIT_MS, appliesAt: 'now', fromFile: (c) => c?.routing.maxWaitMs },
  { key: 'routing.systemPrompt', schema: nonEmpty, defaultValue: null, appliesAt: 'now', fromFile: (c) => c?.routing.systemPrompt },
  { key: 'routing.backgroundModel', schema: routing.backgroundModel.unwrap(), defaultValue: null, appliesAt: 'now', fromFile: (c) => c?.routing.backgroundModel },
  { key: 'routing.disabledProviders', schema: routing.disabledProviders.unwrap().max(200), defaultValue: [], appliesAt: 'now', fromFile: (c) => c?.routing.disabledProviders },
  { key: 'requestLog.enabled', schema: requestLog.enabled.unwrap(), defaultValue: true, appliesAt: 'now', fromFile: (c) => c?.server.requestLog?.enabled },
  { key: 'requestLog.captureBodies', schema: requestLog.captureBodies.unwrap(), defaultValue: false, appliesAt: 'restart', fromFile: (c) => c?.server.requestLog?.captureBodies },
  { key: 'requestLog.retentionDays', schema: requestLog.retentionDays.unwrap(), defaultValue: DEFAULT_RETENTION_DAYS, appliesAt: 'now', fromFile: (c) => c?.server.requestLog?.retentionDays },
];

export function settingField(key: SettingKey): SettingField {
  const field = SETTING_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`no setting field "${key}"`);
  return field;
}
