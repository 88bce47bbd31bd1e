/**
 * The settings-and-configuration export: custom providers, connections (never their keys in
 * clear) and the settings table, as one versioned JSON document. An import accepts only the
 * versions it knows; a new layout gets a new version number.
 */
import { z } from 'zod';
import { quotaWindowSchema } from '../config/usage-schema.js';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' });

/**
 * Keys sealed under a passphrase (see passphrase-cipher.ts), binary fields base64. The scrypt
 * cost is bounded so a crafted file cannot make an import allocate gigabytes.
 */
export const sealedSchema = z.strictObject({
  cipher: z.literal('aes-256-gcm'),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    // scrypt's N must be a power of two; node:crypto throws on any other value.
    N: z
      .number()
      .int()
      .min(16_384)
      .max(131_072)
      .refine((n) => (n & (n - 1)) === 0, { message: 'must be a power of two' }),
    r: z.number().int().min(8).max(8),
    p: z.number().int().min(1).max(4),
    salt: base64,
  }),
  iv: base64,
  tag: base64,
  data: base64,
});
export type Sealed = z.infer<typeof sealedSchema>;

export const CONFIG_DOCUMENT_FORMAT = 'omniroute-config';
export const CONFIG_DOCUMENT_VERSION = 1;

export const exportedConnectionSchema = z.strictObject({
  provider: z.string().min(1),
  label: z.string().min(1),
  priority: z.number().int(),
  enabled: z.boolean(),
  baseUrl: z.string().min(1).nullable(),
  /** Absent in exports made before accounts carried terms in the database. */
  billing: z.enum(['metered', 'subscription']).optional(),
  quota: z.array(quotaWindowSchema).max(20).optional(),
});
export type ExportedConnection = z.infer<typeof exportedConnectionSchema>;

/** What `secrets` decrypts to: each connection's key, by provider and label. */
export const exportedSecretsSchema = z.array(z.strictObject({ provider: z.string().min(1), label: z.string().min(1), apiKey: z.string().min(1) }));
export type ExportedSecrets = z.infer<typeof exportedSecretsSchema>;

export const configDocumentSchema = z.strictObject({
  format: z.literal(CONFIG_DOCUMENT_FORMAT),
  version: z.literal(CONFIG_DOCUMENT_VERSION),
  /** ISO 8601. */
  exportedAt: z.string(),
  /** Custom provider descriptors as stored; validated again on import. */
  providers: z.array(z.unknown()),
  connections: z.array(exportedConnectionSchema),
  settings: z.array(z.strictObject({ key: z.string().min(1), value: z.unknown() })),
  /** Combos as the config file spells them; validated again on import. Absent in exports made before combos were editable. */
  combos: z.array(z.unknown()).optional(),
  aliases: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })).optional(),
  /** Present only when the user asked for keys, and then always sealed with a passphrase. */
  secrets: sealedSchema.optional(),
});
export type ConfigDocument = z.infer<typeof configDocumentSchema>;
