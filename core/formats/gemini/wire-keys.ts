import { isJsonObject } from './json-object.js';

/**
 * Values the caller owns (function arguments and results, JSON Schemas, labels): their keys
 * are data, not proto field names, so they are never renamed.
 */
const OPAQUE_FIELDS = new Set([
  'args',
  'response',
  'parameters',
  'parametersJsonSchema',
  'responseSchema',
  'responseJsonSchema',
  'labels',
]);

function toCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The Gemini REST API is proto-JSON, which accepts each field under its snake_case proto
 * name as well as its lowerCamelCase JSON name; this folds both spellings onto camelCase
 * (camelCase wins when a body carries both).
 */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const camel = toCamel(key);
    if (camel !== key && Object.hasOwn(value, camel)) continue;
    out[camel] = OPAQUE_FIELDS.has(camel) ? inner : camelizeKeys(inner);
  }
  return out;
}
