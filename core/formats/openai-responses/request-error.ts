import type { z } from 'zod';
import type { CanonicalError } from '../canonical.js';

/**
 * Thrown inside the request decoder to stop at the first invalid field; the decoder's
 * entry point turns it into `{ ok: false, error }`, so it never escapes the codec.
 */
export class RequestError extends Error {
  readonly error: CanonicalError;

  constructor(message: string) {
    super(message);
    this.error = { status: 400, kind: 'invalid_request', message };
  }
}

import { joinPath } from '../field-path.js';

export { joinPath };

/** Validates `value` against `schema`, throwing a RequestError that names the field path. */
export function parseAt<S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = joinPath(path, issue?.path ?? []);
  const message = issue?.message ?? 'invalid value';
  // zod words a missing field as a type mismatch; name it the way API references do.
  const text = message.endsWith('received undefined') ? 'required' : message;
  throw new RequestError(`${where === '' ? 'body' : where}: ${text}`);
}
