import type { z } from 'zod';
import type { CanonicalError } from '../canonical.js';
import { fieldPath } from '../field-path.js';

export function badRequest(message: string): { ok: false; error: CanonicalError } {
  return { ok: false, error: { status: 400, kind: 'invalid_request', message } };
}

/** The first zod issue as a 400 naming the field, prefixed with where the value sat. */
export function zodBadRequest(error: z.ZodError, prefix: readonly PropertyKey[] = []): { ok: false; error: CanonicalError } {
  const issue = error.issues[0];
  if (!issue) return badRequest(`${fieldPath(prefix)}: invalid value`);
  return badRequest(`${fieldPath([...prefix, ...issue.path])}: ${issue.message}`);
}
