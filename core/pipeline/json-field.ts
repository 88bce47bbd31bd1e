/**
 * Replaces one string member of a JSON text in place, leaving every other byte as it was.
 * Pass-through answers keep the upstream's own bytes (number formatting, escapes, key order,
 * whitespace); parsing and re-serialising them would change all of that to rewrite one field.
 *
 * Only the members on the given path are followed: a key with the same name nested anywhere
 * else (a tool's input, generated text) is skipped along with the value that holds it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipWhitespace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** `i` is at an opening quote; returns the index just past the closing one, or -1. */
function stringEnd(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q === -1) return -1;
    let slashes = 0;
    while (s.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** `i` is at the first character of a value; returns the index just past it, or -1. */
function valueEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return stringEnd(s, i);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i = stringEnd(s, i);
        if (i === -1) return -1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    i++;
  }
  return i;
}

/** The span of the value of `key` in the object that starts at `i`, or undefined. */
function memberValue(s: string, i: number, key: string): { start: number; end: number } | undefined {
  i = skipWhitespace(s, i);
  if (s.charCodeAt(i) !== 0x7b) return undefined;
  i++;
  for (;;) {
    i = skipWhitespace(s, i);
    if (s.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(s, i);
    if (keyEnd === -1) return undefined;
    // Keys are compared as written: the fields looked for are plain ASCII, never escaped.
    const name = s.slice(i + 1, keyEnd - 1);
    i = skipWhitespace(s, keyEnd);
    if (s.charCodeAt(i) !== 0x3a) return undefined;
    i = skipWhitespace(s, i + 1);
    const end = valueEnd(s, i);
    if (end === -1) return undefined;
    if (name === key) return { start: i, end };
    i = skipWhitespace(s, end);
    if (s.charCodeAt(i) !== 0x2c) return undefined;
    i++;
  }
}

/**
 * `json` with the string at `path` (object keys from the top) replaced by `value`; the text
 * unchanged when the path does not lead to a string (absent, another type, not JSON).
 */
export function replaceStringField(json: string, path: readonly string[], value: string): string {
  let at = 0;
  let span: { start: number; end: number } | undefined;
  for (const key of path) {
    span = memberValue(json, at, key);
    if (!span) return json;
    at = span.start;
  }
  if (!span || json.charCodeAt(span.start) !== QUOTE) return json;
  const encoded = JSON.stringify(value);
  if (span.end - span.start === encoded.length && json.startsWith(encoded, span.start)) return json;
  return json.slice(0, span.start) + encoded + json.slice(span.end);
}
