import type { z } from 'zod';
import type { CanonicalError } from '../canonical.js';

export type Path = ReadonlyArray<PropertyKey>;

import { fieldPath as formatPath } from '../field-path.js';

export { formatPath };

export function badRequest(message: string): { ok: false; error: CanonicalError } {
  return { ok: false, error: { status: 400, kind: 'invalid_request', message } };
}

/** The first zod issue as a 400 naming the field, prefixed with where the value sat. */
export function zodBadRequest(error: z.ZodError, prefix: Path = []): { ok: false; error: CanonicalError } {
  const issue = error.issues[0];
  if (!issue) return badRequest(`${formatPath(prefix)}: invalid value`);
  return badRequest(`${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
}
