import type { z } from 'zod';

export type ConfigPath = readonly PropertyKey[];

/** `['connections', 0, 'apiKey']` -> `connections[0].apiKey`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function pathMessage(path: ConfigPath, message: string): string {
  return `${formatPath(path)}: ${message}`;
}

/**
 * One line per zod issue, prefixed with the field path. Messages describe the expected
 * shape and the type found, never the value: a value might be an API key.
 */
export function issueMessages(opts: {
  issues: readonly z.core.$ZodIssue[];
  prefix: ConfigPath;
  knownKeys: readonly string[];
  input: unknown;
}): string[] {
  const out: string[] = [];
  for (const issue of opts.issues) {
    const path = [...opts.prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = suggestKey(key, opts.knownKeys);
        const known = `known keys: ${opts.knownKeys.join(', ')}`;
        out.push(pathMessage(path, `unknown key "${key}" (${hint === undefined ? known : `did you mean "${hint}"?`})`));
      }
    } else if (valueAt(opts.input, issue.path) === undefined) {
      out.push(pathMessage(path, 'is required'));
    } else if (issue.code === 'invalid_type') {
      const found = valueAt(opts.input, issue.path);
      out.push(pathMessage(path, `expected ${describeExpected(issue.expected)}, got ${typeName(found)}`));
    } else if (issue.code === 'invalid_union' || issue.code === 'invalid_element' || issue.code === 'invalid_key') {
      out.push(pathMessage(path, 'has an invalid value'));
    } else {
      out.push(pathMessage(path, issue.message));
    }
  }
  return out;
}

function describeExpected(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  return `a ${typeof value}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, part);
  }
  return current;
}

/** The known key a typo most likely meant: same letters in another case, or 1-2 edits away. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const maxDistance = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
