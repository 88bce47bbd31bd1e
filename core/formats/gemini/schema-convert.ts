import { isJsonObject, type JsonObject } from './json-object.js';

/** Gemini Schema's int64 fields, which proto-JSON writes as strings ("3"). */
const INT64_FIELDS = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties']);

/**
 * Gemini's `Schema` (`parameters`, `responseSchema`) is an OpenAPI 3.0 subset: upper-case
 * type enums (`OBJECT`), `nullable`, int64 limits as strings and a Gemini-only
 * `propertyOrdering`. Other formats take plain JSON Schema, so this rewrites those parts
 * and keeps everything else.
 */
export function geminiSchemaToJsonSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'propertyOrdering' || key === 'nullable') continue;
    if (key === 'type' && typeof value === 'string') {
      out.type = value === 'TYPE_UNSPECIFIED' ? undefined : value.toLowerCase();
    } else if (key === 'properties' && isJsonObject(value)) {
      const props: JsonObject = {};
      for (const [name, prop] of Object.entries(value)) props[name] = isJsonObject(prop) ? geminiSchemaToJsonSchema(prop) : prop;
      out.properties = props;
    } else if ((key === 'items' || key === 'additionalProperties') && isJsonObject(value)) {
      out[key] = geminiSchemaToJsonSchema(value);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      out.anyOf = value.map((v: unknown) => (isJsonObject(v) ? geminiSchemaToJsonSchema(v) : v));
    } else if (INT64_FIELDS.has(key) && typeof value === 'string' && /^\d+$/.test(value)) {
      out[key] = Number(value);
    } else {
      out[key] = value;
    }
  }
  if (out.type === undefined) delete out.type;
  if (schema.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    // JSON Schema checks enum on its own, so a nullable enum must list null to admit it.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

/**
 * `parametersJsonSchema` / `responseJsonSchema` take JSON Schema, but Google's schema
 * checks have answered the `$schema` meta keyword that generators (zod-to-json-schema,
 * MCP servers) add with 400 "Unknown name \"$schema\"", and it carries no constraint.
 */
export function jsonSchemaForGemini(schema: JsonObject): JsonObject {
  const { $schema: _dropped, ...rest } = schema;
  return rest;
}
