// Narrowing helpers for JSON that arrives as `unknown` in the mock's request handlers.

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Absent and null are the same thing for every optional parameter of these APIs. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The JSON type name as the OpenAI validator spells it in "expected X, but got Y instead". */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function wordsIn(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Splits text into word-sized deltas whose concatenation is exactly the input. */
export function splitWords(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const joined = pieces.join('');
  if (joined.length < text.length) {
    const rest = text.slice(joined.length);
    if (pieces.length === 0) return [rest];
    pieces[pieces.length - 1] += rest;
  }
  return pieces;
}

/** Byte length of base64 data (padding-aware), as the upstream would see after decoding. */
export function base64Bytes(data: string): number {
  return Buffer.from(data, 'base64').length;
}

/** Parses a `data:<mediaType>;base64,<data>` URL. */
export function parseDataUrl(url: string): { mediaType: string; bytes: number } | undefined {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { mediaType: m[1], bytes: base64Bytes(m[2]) };
}
