import { quotaWindowSchema, type QuotaWindowConfig } from '../config/usage-schema.js';

/** Stored quota windows that still parse; one that no longer does (an older or hand-edited database) is skipped, not trusted. */
export function storedQuotaWindows(raw: readonly unknown[] | null | undefined): QuotaWindowConfig[] | null {
  if (!raw) return null;
  return raw.flatMap((w) => {
    const parsed = quotaWindowSchema.safeParse(w);
    return parsed.success ? [parsed.data] : [];
  });
}
