import { z } from 'zod';
import { WIRE_FORMATS, type WireFormat } from '../formats/canonical.js';
import type { RoutingSections } from './routing-parse.js';

// Shapes of the declarative config file. Every object is strict: a misspelt key is an error,
// not a silently ignored setting. Checks that need the whole file (ids that clash, unknown
// providers, duplicate labels, environment lookups) live in parse-config.ts.

export const DEFAULT_CONNECTION_PRIORITY = 100;

const httpUrl = z.string().refine(isHttpUrl, { message: 'must be an http:// or https:// URL' });

export const serverSchema = z.strictObject({
  host: z.string().min(1, { message: 'must not be empty' }).optional(),
  port: z
    .number()
    .int({ message: 'must be an integer from 0 to 65535' })
    .min(0, { message: 'must be an integer from 0 to 65535' })
    .max(65535, { message: 'must be an integer from 0 to 65535' })
    .optional(),
  allowedHosts: z.array(z.string().min(1, { message: 'must not be empty' })).optional(),
  bodyLimitBytes: z
    .number()
    .int({ message: 'must be a positive integer (bytes)' })
    .positive({ message: 'must be a positive integer (bytes)' })
    .optional(),
  /**
   * Gateway API keys (each literal or `env:NAME`). When any is set, every client request
   * must present one; listening beyond loopback requires them.
   */
  apiKeys: z.array(z.string().min(1, { message: 'must not be empty' })).optional(),
  /** Write one request-log row per client request (default true). */
  requestLog: z.boolean({ error: 'must be true or false' }).optional(),
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
  apiKey: z.string().min(1, { message: 'must not be empty' }),
  baseUrl: httpUrl.optional(),
  priority: z.number().int({ message: 'must be an integer' }).optional(),
  enabled: z.boolean().optional(),
});

export const rootSchema = z.strictObject({
  server: z.unknown().optional(),
  providers: z.array(z.unknown()).optional(),
  connections: z.array(z.unknown()).optional(),
  routing: z.unknown().optional(),
  combos: z.array(z.unknown()).optional(),
  aliases: z.unknown().optional(),
  limits: z.array(z.unknown()).optional(),
});

export type ServerConfig = z.infer<typeof serverSchema>;
export type CustomProviderConfig = z.infer<typeof customProviderSchema>;

export interface ConnectionConfig {
  provider: string;
  label: string;
  /** The resolved key (read from the environment for `env:NAME`); move it to the secret store. */
  apiKey: string;
  baseUrl?: string;
  priority: number;
  enabled: boolean;
}

export interface GatewayConfig extends RoutingSections {
  server: ServerConfig;
  providers: CustomProviderConfig[];
  connections: ConnectionConfig[];
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
