/**
 * Chat Completions spells a custom tool's input format with the grammar nested
 * (`{type:"grammar", grammar:{definition, syntax}}`), Responses flat (`{type:"grammar",
 * definition, syntax}`). The canonical ToolDefinition.custom.format keeps the Responses
 * spelling (custom-tools.ts reads it for the grammar hint, the Responses encoders send it
 * as is), so a Chat client's format is converted when it is decoded.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Chat custom tool's `format` -> the canonical (Responses) spelling. */
export function formatFromChat(format: Record<string, unknown>): Record<string, unknown> {
  if (format.type !== 'grammar' || !isRecord(format.grammar)) return format;
  const { grammar, ...rest } = format;
  return { ...rest, ...grammar };
}
