/** Ollama writes tool call arguments as a JSON object, where the canonical model keeps JSON text. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object `json` spells, or undefined when it is not JSON or not an object ('' is {}). */
export function parseObject(json: string): Record<string, unknown> | undefined {
  if (json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
