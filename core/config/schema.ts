import { z } from 'zod';
import { WIRE_FORMATS, type WireFormat } from '../formats/canonical.js';
import type { RoutingSections } from './routing-parse.js';
import { BILLING_KINDS, gatewayKeySchema, quotaWindowSchema, requestLogSchema } from './usage-schema.js';
import type { BillingKind, BudgetConfig, GatewayKeyConfig, ModelPriceConfig, QuotaWindowConfig, RequestLogConfig } from './usage-schema.js';

// Shapes of the declarative config file. Every object is strict: a misspelt key is an error,
// not a silently ignored setting. Checks that need the whole file (ids that clash, unknown
// providers, duplicate labels, environment lookups) live in parse-config.ts.

export const DEFAULT_CONNECTION_PRIORITY = 100;

const httpUrl = z
  .string()
  .refine(isHttpUrl, { message: 'must be an http:// or https:// URL' })
  // A credential in the address would be stored, exported and logged as plain configuration.
  .refine((v) => !hasUserInfo(v), { message: 'must not carry user:password@; put the key in apiKey' });

function positiveInteger(unit: string) {
  return z
    .number()
    .int({ message: `must be a positive integer (${unit})` })
    .positive({ message: `must be a positive integer (${unit})` });
}

export const serverSchema = z.strictObject({
  host: z.string().min(1, { message: 'must not be empty' }).optional(),
  port: z
    .number()
    .int({ message: 'must be an integer from 0 to 65535' })
    .min(0, { message: 'must be an integer from 0 to 65535' })
    .max(65535, { message: 'must be an integer from 0 to 65535' })
    .optional(),
  allowedHosts: z.array(z.string().min(1, { message: 'must not be empty' })).optional(),
  /** Web page origins (scheme://host[:port]) allowed to call the gateway; others are refused. No CORS headers are added. */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/?#\s]+$/, { message: 'must be an origin like http://localhost:3000' })).optional(),
  bodyLimitBytes: positiveInteger('bytes').optional(),
  /** Sockets held at once, in all and from one remote address; over either a client gets a 503. */
  maxConnections: positiveInteger('connections').optional(),
  maxConnectionsPerAddress: positiveInteger('connections').optional(),
  /** Time a client has to send the request headers, and the whole request; idle keep-alive time. */
  headersTimeoutMs: positiveInteger('milliseconds').optional(),
  requestTimeoutMs: positiveInteger('milliseconds').optional(),
  keepAliveTimeoutMs: positiveInteger('milliseconds').optional(),
  /**
   * Gateway API keys (each literal or `env:NAME`, or `{ key, label, budget }`). When any is
   * set, every client request must present one; listening beyond loopback requires them.
   */
  apiKeys: z.array(z.union([z.string().min(1, { message: 'must not be empty' }), gatewayKeySchema])).optional(),
  /** `false` turns the request log off; an object sets retention and body capture. */
  requestLog: z.union([z.boolean({ error: 'must be true, false or a mapping' }), requestLogSchema]).optional(),
});

export const customProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, { message: 'must use only lowercase letters, digits and dashes ([a-z0-9-]+)' }),
  name: z.string().min(1, { message: 'must not be empty' }).optional(),
  format: z.enum(WIRE_FORMATS as [WireFormat, ...WireFormat[]], {
    error: `expected one of ${WIRE_FORMATS.join(', ')}`,
  }),
  baseUrl: httpUrl,
  models: z.array(z.string().min(1, { message: 'must not be empty' })).optional(),
});

/** A connection as written in the file: apiKey is still `env:NAME` or the literal key. */
export const connectionSchema = z.strictObject({
  provider: z.string().min(1, { message: 'must not be empty' }),
  label: z.string().min(1, { message: 'must not be empty' }),
  /** Absent only for a model server on this machine or a custom provider (parse-config.ts checks which). */
  apiKey: z.string().min(1, { message: 'must not be empty' }).optional(),
  baseUrl: httpUrl.optional(),
  priority: z.number().int({ message: 'must be an integer' }).optional(),
  enabled: z.boolean().optional(),
  /** subscription: a flat-rate plan, so requests cost 0 (tokens are still counted). */
  billing: z.enum(BILLING_KINDS, { error: `expected one of ${BILLING_KINDS.join(', ')}` }).optional(),
  /** The account's quota windows, counted by the gateway when the provider reports none. */
  quota: z.array(quotaWindowSchema).optional(),
});

export const rootSchema = z.strictObject({
  server: z.unknown().optional(),
  providers: z.array(z.unknown()).optional(),
  connections: z.array(z.unknown()).optional(),
  routing: z.unknown().optional(),
  combos: z.array(z.unknown()).optional(),
  aliases: z.unknown().optional(),
  limits: z.array(z.unknown()).optional(),
  pricing: z.unknown().optional(),
  budgets: z.array(z.unknown()).optional(),
});

/** The server section after parsing: keys resolved and labelled, request log spelled out. */
export interface ServerConfig extends Omit<z.infer<typeof serverSchema>, 'apiKeys' | 'requestLog'> {
  apiKeys?: GatewayKeyConfig[];
  requestLog?: RequestLogConfig;
}
export type CustomProviderConfig = z.infer<typeof customProviderSchema>;

export interface ConnectionConfig {
  provider: string;
  label: string;
  /** The resolved key (read from the environment for `env:NAME`); move it to the secret store. Absent: no key. */
  apiKey?: string;
  baseUrl?: string;
  priority: number;
  enabled: boolean;
  billing?: BillingKind;
  quota?: QuotaWindowConfig[];
}

export interface GatewayConfig extends RoutingSections {
  server: ServerConfig;
  providers: CustomProviderConfig[];
  connections: ConnectionConfig[];
  /** `"<provider>/<model>"` -> price, over the built-in table. */
  pricing: Record<string, ModelPriceConfig>;
  budgets: BudgetConfig[];
}

export function knownKeys(schema: { shape: Record<string, unknown> }): string[] {
  return Object.keys(schema.shape);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function hasUserInfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}
