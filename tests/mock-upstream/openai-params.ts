// Parameter checks shared by the OpenAI JSON endpoints beside chat (embeddings, images,
// speech, moderations, rerank), in the wording of OpenAI's validator.
import { isRecord, type Json } from './narrow.js';
import { fail, wrongType } from './openai-rejections.js';

export type ParamKind = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

const EXPECTED: Record<Exclude<ParamKind, 'any'>, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a decimal',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

function kindOk(kind: ParamKind, value: unknown): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** The body as an object whose every key is known and every present value has its type. */
export function checkParams(body: unknown, spec: Record<string, ParamKind>): Json {
  if (!isRecord(body)) return fail('Invalid request body: expected a JSON object.');
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(spec, key)) fail(`Unrecognized request argument supplied: ${key}`);
  }
  for (const [key, kind] of Object.entries(spec)) {
    const value = body[key];
    if (value === undefined || value === null || kind === 'any') continue;
    if (!kindOk(kind, value)) wrongType(key, EXPECTED[kind], value);
  }
  return body;
}

/** OpenAI's answer to a missing or empty model, on every endpoint that needs one. */
export function requireModel(body: Json): string {
  if (typeof body.model !== 'string' || body.model === '') return fail('you must provide a model parameter');
  return body.model;
}

/** `kind` is the parameter's type, which names it in the message whatever number was sent. */
export function checkRange(param: string, value: number, min: number, max: number, kind: 'integer' | 'decimal'): void {
  if (value < min) {
    fail(`Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`, {
      param,
      code: `${kind}_below_min_value`,
    });
  }
  if (value > max) {
    fail(`Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`, {
      param,
      code: `${kind}_above_max_value`,
    });
  }
}

export function checkNonEmpty(param: string, value: string): void {
  if (value !== '') return;
  fail(`Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, {
    param,
    code: 'empty_string',
  });
}

export function checkMaxLength(param: string, value: string, max: number): void {
  if (value.length <= max) return;
  fail(`Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${value.length} instead.`, {
    param,
    code: 'string_above_max_length',
  });
}

/** A parameter this model does not take at all. */
export function unknownParameter(param: string): never {
  return fail(`Unknown parameter: '${param}'.`, { param, code: 'unknown_parameter' });
}
