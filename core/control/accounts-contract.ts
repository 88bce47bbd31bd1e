/** Schemas of the account (connection) editing and audit methods; see contract.ts. */
import { z } from 'zod';
import { BILLING_KINDS, quotaWindowSchema } from '../config/usage-schema.js';

const label = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\u0000-\u001f\u007f/:]+$/, 'a label has no control characters, "/" or ":"')
  .refine((s) => s.trim() === s, 'a label does not start or end with spaces');
// What providers issue: printable ASCII without spaces. A pasted key with a newline is refused
// here rather than sent and refused by the provider.
const apiKey = z.string().min(1).max(4096).regex(/^[\x21-\x7e]+$/, 'a key is printable characters without spaces');
const baseUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'an http or https URL without a user name or password');
const priority = z.number().int().min(0).max(1_000_000);
const id = z.string().min(1).max(100);

export const ConnectionView = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  baseUrl: z.string().nullable(),
  hasKey: z.boolean(),
  /** subscription: a flat-rate plan, so requests cost 0 (tokens are still counted). */
  billing: z.enum(BILLING_KINDS),
  /** The account's own quota windows; null: the provider's. */
  quota: z.array(quotaWindowSchema).nullable(),
  source: z.enum(['file', 'user']),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const billing = z.enum(BILLING_KINDS, { error: `expected one of ${BILLING_KINDS.join(', ')}` });
// The config file's own window schema, so the app and the file refuse the same windows alike.
const quota = z.array(quotaWindowSchema).max(20);
export const ConnectionCreateInput = z
  .object({
    provider: z.string().min(1).max(64),
    label,
    /** Empty or absent only for a model server on this machine (the gateway refuses it for any other provider). */
    apiKey: apiKey.or(z.literal('')).optional(),
    baseUrl: baseUrl.optional(),
    priority: priority.optional(),
    enabled: z.boolean().optional(),
    billing: billing.optional(),
    quota: quota.optional(),
  })
  .strict();
export const ConnectionUpdateInput = z
  .object({
    id,
    label: label.optional(),
    priority: priority.optional(),
    enabled: z.boolean().optional(),
    baseUrl: baseUrl.nullable().optional(),
    apiKey: apiKey.optional(),
    billing: billing.optional(),
    /** null: back to the provider's own windows. */
    quota: quota.nullable().optional(),
  })
  .strict();
export const ConnectionDeleteInput = z.object({ id }).strict();

export const AuditListInput = z.object({ limit: z.number().int().min(1).max(500).optional(), before: z.number().int().optional() }).strict();
export const AuditEntryView = z.object({
  id: z.number(),
  ts: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

// --- gateway keys ---
const scope = z.string().min(1).max(200).regex(/^\S+$/, 'a scope is a model name, a combo or alias, or "provider/*"');
const keyLabel = label;
const expiresAt = z.number().int().positive();
export const GatewayKeyView = z.object({
  id: z.string(),
  label: z.string(),
  hint: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export const GatewayKeyListed = GatewayKeyView.extend({ lastUsedAt: z.number().nullable(), spentThisMonthUsd: z.number() });
/** The key itself, shown this once; only its hash is kept. */
export const GatewayKeyIssued = z.object({ key: z.string(), view: GatewayKeyView });
export const GatewayKeyCreateInput = z.object({ label: keyLabel, scopes: z.array(scope).max(100).optional(), expiresAt: expiresAt.nullable().optional() }).strict();
export const GatewayKeyUpdateInput = z
  .object({ id, label: keyLabel.optional(), scopes: z.array(scope).max(100).optional(), expiresAt: expiresAt.nullable().optional() })
  .strict();
export const GatewayKeyIdInput = z.object({ id }).strict();
