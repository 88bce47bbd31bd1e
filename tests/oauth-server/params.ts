// Reading request parameters the way RFC 6749 §3.1 wants them read: a parameter sent twice
// is an invalid_request, and one sent without a value counts as omitted. The token endpoint
// takes form bodies (the RFC) and JSON bodies (Claude's OAuth client sends JSON).
import { oauthError } from './respond.js';
import type { Outcome, Params } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pairs in order -> params, refusing repeats; empty values are dropped after the repeat check. */
export function fromPairs(pairs: Iterable<[string, string]>): Outcome<Map<string, string>> {
  const seen = new Set<string>();
  const params = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (seen.has(key)) return { ok: false, error: oauthError('invalid_request', `parameter ${key} is included more than once`) };
    seen.add(key);
    if (value !== '') params.set(key, value);
  }
  return { ok: true, value: params };
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The recorded form of a body whatever its type; undefined when empty or unreadable. */
export function recordBody(contentType: string | undefined, text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined;
  if (mediaType(contentType) === 'application/json') {
    try {
      const value: unknown = JSON.parse(text);
      return isRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** A token or device request body: form or JSON with string values only. */
export function parseBody(contentType: string | undefined, text: string): Outcome<Params> {
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') return fromPairs(new URLSearchParams(text));
  if (type !== 'application/json') {
    return { ok: false, error: oauthError('invalid_request', `unsupported content type ${type || '(none)'}: send application/x-www-form-urlencoded or application/json`) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: oauthError('invalid_request', 'request body is not valid JSON') };
  }
  if (!isRecord(value)) return { ok: false, error: oauthError('invalid_request', 'request body must be a JSON object') };
  const pairs: [string, string][] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    if (typeof field !== 'string') return { ok: false, error: oauthError('invalid_request', `parameter ${key} must be a string`) };
    pairs.push([key, field]);
  }
  return fromPairs(pairs);
}
