export { loadConfigFile } from './load-config-file.js';
export { parseConfig, type ParseConfigOptions, type ParseConfigResult } from './parse-config.js';
export {
  DEFAULT_CONNECTION_PRIORITY,
  customProviderSchema,
  type ConnectionConfig,
  type CustomProviderConfig,
  type GatewayConfig,
  type ServerConfig,
} from './schema.js';
export type { ComboConfig, LimitConfig, RoutingConfig, StrategyName } from './routing-schema.js';
export { STRATEGY_NAMES } from './routing-schema.js';
