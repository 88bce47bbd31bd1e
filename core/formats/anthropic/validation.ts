import type { z } from 'zod';
import type { CanonicalError } from '../canonical.js';

export type Path = ReadonlyArray<string | number>;

export function invalid(path: Path, message: string): CanonicalError {
  const where = path.join('.');
  return { status: 400, kind: 'invalid_request', message: where === '' ? message : `${where}: ${message}` };
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Turns the first zod issue into Anthropic-style text: `messages.0.content: <what>`,
 * with "Field required" for a missing field as Anthropic's own validator words it.
 */
export function issueToError(error: z.ZodError, input: unknown, prefix: Path): CanonicalError {
  const issue = error.issues[0];
  if (issue === undefined) return invalid(prefix, 'invalid value');
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  return invalid([...prefix, ...path], missing ? 'Field required' : issue.message);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CanonicalError };

export function parseAt<T>(schema: z.ZodType<T>, input: unknown, path: Path): Parsed<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: issueToError(result.error, input, path) };
}
