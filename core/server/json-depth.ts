/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 400;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether a JSON text nests deeper than `max` levels. JSON.parse and every later walk of
 * the body recurse once per level, so a 100k-deep body overflowed the stack (a 500) instead
 * of being refused. One pass over the bytes, counting brackets outside strings: UTF-8 bytes
 * of non-ASCII characters are all >= 0x80, so they never look like a quote or a bracket.
 * Malformed text is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(body: Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  // Each level needs at least one byte: a shorter body cannot be too deep.
  if (body.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}
