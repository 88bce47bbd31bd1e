import { z } from 'zod';

/**
 * Where a window's numbers come from, most trusted first: the provider's own usage endpoint,
 * the rate-limit headers on its answers, the gateway's own counting against the config.
 */
export const QUOTA_SOURCES = ['endpoint', 'headers', 'config'] as const;
export type QuotaSource = (typeof QUOTA_SOURCES)[number];

export const QUOTA_STATUS_UNITS = ['tokens', 'requests', 'usd', 'cny'] as const;

/** One window of one account as the dashboard and the tray see it. Times are Unix ms. */
export const quotaWindowStatusSchema = z.object({
  /** e.g. "rolling-5h", "weekly", "fixed-24h", "key-limit", "balance", "headers-requests". */
  window: z.string(),
  source: z.enum(QUOTA_SOURCES),
  unit: z.enum(QUOTA_STATUS_UNITS),
  /** Null where the source reports only what is left (a prepaid balance). */
  used: z.number().nullable(),
  limit: z.number().nullable(),
  remaining: z.number(),
  /** When the window refills; null when it never does by itself (a balance, a lifetime cap). */
  resetAt: z.number().nullable(),
  resetInMs: z.number().nullable(),
  exhausted: z.boolean(),
  /** When the provider said so (endpoint and headers sources). */
  at: z.number().optional(),
});
export type QuotaWindowStatus = z.infer<typeof quotaWindowStatusSchema>;

export const connectionQuotaSchema = z.object({
  connectionId: z.string(),
  providerId: z.string(),
  label: z.string(),
  windows: z.array(quotaWindowStatusSchema),
  /** Set while routing skips the account because a window is used up. */
  blocked: z.object({ until: z.number().nullable(), message: z.string() }).nullable(),
});
export type ConnectionQuota = z.infer<typeof connectionQuotaSchema>;

export const quotaStatusSchema = z.object({ connections: z.array(connectionQuotaSchema) });
export type QuotaStatus = z.infer<typeof quotaStatusSchema>;

/** Pushed when a window crosses 80, 95 or 100 % of its limit, and when it refills. */
export interface QuotaChanged {
  connectionId: string;
  providerId: string;
  label: string;
  window: string;
  source: QuotaSource;
  used: number | null;
  limit: number | null;
  remaining: number;
  resetAt: number | null;
  level: 80 | 95 | 100 | 'refilled';
}
