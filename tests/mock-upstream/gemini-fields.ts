// The field tree of a Gemini GenerateContentRequest. Gemini parses request JSON as protobuf:
// an unknown name anywhere (including inside a `parameters` Schema, where JSON-Schema words
// such as additionalProperties or $schema do not exist) is a 400 INVALID_ARGUMENT
// "Invalid JSON payload received. Unknown name ...", and both lowerCamel and snake_case
// field names are accepted.
import { isRecord } from './narrow.js';

type Scalar = 'float' | 'int' | 'bool' | 'string' | 'any';
export type Node = Scalar | 'free' | 'schema' | { obj: Record<string, Node> } | { list: Node };

export const obj = (fields: Record<string, Node>): Node => ({ obj: fields });
export const list = (item: Node): Node => ({ list: item });

const PART = obj({
  text: 'string',
  inlineData: obj({ mimeType: 'string', data: 'string', displayName: 'string' }),
  fileData: obj({ mimeType: 'string', fileUri: 'string', displayName: 'string' }),
  functionCall: obj({ id: 'string', name: 'string', args: 'free' }),
  functionResponse: obj({ id: 'string', name: 'string', response: 'free', parts: 'free', willContinue: 'bool', scheduling: 'any' }),
  executableCode: 'free',
  codeExecutionResult: 'free',
  thought: 'bool',
  thoughtSignature: 'string',
  videoMetadata: 'free',
  partMetadata: 'free',
  mediaResolution: 'free',
  toolCall: 'free',
  toolResponse: 'free',
});
export const CONTENT = obj({ role: 'string', parts: list(PART) });
const FUNCTION_DECLARATION = obj({
  name: 'string',
  description: 'string',
  behavior: 'any',
  parameters: 'schema',
  parametersJsonSchema: 'free',
  response: 'schema',
  responseJsonSchema: 'free',
});
const TOOL = obj({
  functionDeclarations: list(FUNCTION_DECLARATION),
  googleSearchRetrieval: 'free',
  codeExecution: 'free',
  googleSearch: 'free',
  urlContext: 'free',
  computerUse: 'free',
  fileSearch: 'free',
  googleMaps: 'free',
  mcpServers: 'free',
});
const GENERATION_CONFIG = obj({
  stopSequences: list('string'),
  responseMimeType: 'string',
  responseSchema: 'schema',
  responseJsonSchema: 'free',
  responseModalities: list('any'),
  candidateCount: 'int',
  maxOutputTokens: 'int',
  temperature: 'float',
  topP: 'float',
  topK: 'float',
  seed: 'int',
  presencePenalty: 'float',
  frequencyPenalty: 'float',
  responseLogprobs: 'bool',
  logprobs: 'int',
  enableEnhancedCivicAnswers: 'bool',
  speechConfig: 'free',
  thinkingConfig: obj({ includeThoughts: 'bool', thinkingBudget: 'int', thinkingLevel: 'any' }),
  imageConfig: 'free',
  mediaResolution: 'any',
  audioTranscriptionConfig: 'free',
});
export const REQUEST: Record<string, Node> = {
  contents: list(CONTENT),
  systemInstruction: CONTENT,
  tools: list(TOOL),
  toolConfig: obj({
    functionCallingConfig: obj({ mode: 'any', allowedFunctionNames: list('string') }),
    retrievalConfig: 'free',
    includeServerSideToolInvocations: 'bool',
  }),
  safetySettings: list(obj({ category: 'any', threshold: 'any', method: 'any' })),
  generationConfig: GENERATION_CONFIG,
  cachedContent: 'string',
  labels: 'free',
  serviceTier: 'any',
};
const SCHEMA_FIELDS = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);

const PROTO_TYPE: Record<Exclude<Scalar, 'any'>, string> = { float: 'TYPE_FLOAT', int: 'TYPE_INT32', bool: 'TYPE_BOOL', string: 'TYPE_STRING' };

export interface Violation {
  field?: string;
  description: string;
}

/** Proto JSON accepts lowerCamel and the original snake_case name of every field. */
export function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function join(path: string, key: string): string {
  return path ? `${path}.${snake(key)}` : snake(key);
}

function unknown(key: string, path: string): Violation {
  const at = path ? ` at '${path}'` : '';
  return { ...(path ? { field: path } : {}), description: `Invalid JSON payload received. Unknown name "${key}"${at}: Cannot find field.` };
}

function scalarOk(kind: Scalar, value: unknown): boolean {
  if (kind === 'any') return true;
  if (kind === 'bool') return typeof value === 'boolean';
  if (kind === 'string') return typeof value === 'string';
  // Proto JSON takes numbers as JSON numbers or numeric strings.
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && (kind === 'float' || Number.isInteger(n));
}

function walkSchema(value: unknown, path: string, out: Violation[]): void {
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const name = camel(key);
    if (!SCHEMA_FIELDS.has(name)) {
      out.push(unknown(key, path));
      continue;
    }
    if (name === 'type' && Array.isArray(v)) {
      // JSON Schema's type unions (["string", "null"]) are not a Schema type; Gemini uses `nullable`.
      out.push({
        ...(path ? { field: path } : {}),
        description: `Invalid JSON payload received. Unknown name "${key}" at '${path}': Proto field is not repeating, cannot start list.`,
      });
    }
    if (name === 'items') walkSchema(v, join(path, name), out);
    if (name === 'anyOf' && Array.isArray(v)) v.forEach((s, i) => walkSchema(s, `${join(path, name)}[${i}]`, out));
    if (name === 'properties' && isRecord(v)) {
      Object.values(v).forEach((s, i) => walkSchema(s, `${join(path, name)}[${i}].value`, out));
    }
  }
}

function walk(node: Node, value: unknown, path: string, out: Violation[]): void {
  if (value === null || value === undefined || node === 'free') return;
  if (node === 'schema') return walkSchema(value, path, out);
  if (typeof node === 'string') {
    if (!scalarOk(node, value)) {
      out.push({ field: path, description: `Invalid value at '${path}' (${PROTO_TYPE[node as Exclude<Scalar, 'any'>]}), ${JSON.stringify(value)}` });
    }
    return;
  }
  if ('list' in node) {
    if (!Array.isArray(value)) return walk(node.list, value, path, out);
    value.forEach((v, i) => walk(node.list, v, `${path}[${i}]`, out));
    return;
  }
  if (!isRecord(value)) {
    const description = Array.isArray(value)
      ? `Invalid JSON payload received. Proto field is not repeating, cannot start list at '${path}'.`
      : `Invalid value at '${path}', ${JSON.stringify(value)}`;
    out.push({ field: path, description });
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    // Own keys only: `__proto__` or `constructor` in a body is an unknown name, as Gemini says, not a mock crash.
    const child = Object.hasOwn(node.obj, camel(key)) ? node.obj[camel(key)] : undefined;
    if (child === undefined) out.push(unknown(key, path));
    else walk(child, v, join(path, camel(key)), out);
  }
}

/** Every unknown name or mistyped value in the request, as Gemini lists them. */
export function fieldViolations(body: Record<string, unknown>, fields: Record<string, Node> = REQUEST): Violation[] {
  const out: Violation[] = [];
  walk({ obj: fields }, body, '', out);
  return out;
}

/** Reads a field by its lowerCamel name, also accepting the snake_case spelling. */
export function field(o: Record<string, unknown>, name: string): unknown {
  return o[name] ?? o[snake(name)];
}
