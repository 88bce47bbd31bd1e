/**
 * Anthropic carries tool arguments as a JSON object (`input`); canonical keeps the
 * model's JSON text. Arguments that are not a JSON object (a model emitting broken JSON
 * through another provider) become `{}`, because Anthropic rejects any other `input`.
 */
export function argumentsToInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the empty object
  }
  return {};
}

/** A client may send `input` as an object (the rule) or, leniently, as JSON text. */
export function inputToArguments(input: unknown): string {
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}
