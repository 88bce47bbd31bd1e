/** The response header that lists what translation dropped or changed. */
export const WARNINGS_HEADER = 'x-omniroute-warnings';

/** Header values are bytes without line breaks: keep printable ASCII and a bounded length. */
const MAX_HEADER_CHARS = 4000;

/**
 * `x-omniroute-warnings: <warning>; <warning>` when there are any. Each warning is one
 * sentence naming the field; anything outside printable ASCII becomes '?', so a field name
 * a client chose can never break the header.
 */
export function warningsHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  let value = warnings.map((w) => w.replace(/[^\x20-\x7e]/g, '?')).join('; ');
  if (value.length > MAX_HEADER_CHARS) value = value.slice(0, MAX_HEADER_CHARS - 3) + '...';
  return { [WARNINGS_HEADER]: value };
}
