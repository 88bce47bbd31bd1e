/**
 * The upstream attempts of one logged request, kept in the request log's `attempt_list`
 * column as JSON. Only what routing decided is kept (provider, account, model, status, the
 * gateway's error code, time): never a key and never the upstream's error text, which may
 * echo a key back. The stored text is read back through a schema, never trusted as is.
 */
import { z } from 'zod';

/** At most this many attempts are kept per request; the rest are only counted (`omitted`). */
export const MAX_LOGGED_ATTEMPTS = 20;

export const LoggedAttempt = z.object({
  /** 1-based: the attempt's place among the request's upstream calls. */
  n: z.number().int().positive(),
  providerId: z.string(),
  /** The connection id, and its label when the call was made. */
  connectionId: z.string(),
  accountLabel: z.string(),
  upstreamModel: z.string(),
  upstreamFormat: z.string(),
  /** The upstream's HTTP status; null when no answer came (connection failure, timeout). */
  status: z.number().int().nullable(),
  /** 'answered' may still carry an errorCode: a stream that broke after the client saw part of it. */
  outcome: z.enum(['answered', 'failed', 'client_gone']),
  /** The gateway error code (routing/gateway-error.ts) when the attempt failed. */
  errorCode: z.string().max(64).nullable(),
  durationMs: z.number().nonnegative(),
});
export type LoggedAttempt = z.infer<typeof LoggedAttempt>;

const StoredAttempts = z.object({
  items: z.array(LoggedAttempt).max(MAX_LOGGED_ATTEMPTS),
  /** Attempts made beyond the ones kept. */
  omitted: z.number().int().nonnegative(),
});
export type StoredAttempts = z.infer<typeof StoredAttempts>;

/** The column's text; null when the request made no upstream call. */
export function attemptsToColumn(items: readonly LoggedAttempt[] | undefined, omitted: number | undefined): string | null {
  if (items === undefined || items.length === 0) return null;
  return JSON.stringify({ items, omitted: omitted ?? 0 });
}

/** The column read back; null for a row from before the column, or text that does not fit the schema. */
export function attemptsFromColumn(text: string | null | undefined): StoredAttempts | null {
  if (text === null || text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = StoredAttempts.safeParse(value);
  return parsed.success ? parsed.data : null;
}
