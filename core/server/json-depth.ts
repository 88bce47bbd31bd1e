/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 400;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Index of the quote that closes the string whose opening quote is at `open`, or -1. */
function stringEnd(body: Uint8Array, open: number): number {
  let from = open + 1;
  for (;;) {
    // Buffer's indexOf is native: chat bodies are mostly string bytes, skipped here in bulk.
    const q = (body as Buffer).indexOf(QUOTE, from);
    if (q === -1) return -1;
    let slashes = 0;
    while (body[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

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
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      i = stringEnd(bytes, i);
      if (i === -1) return false;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}
