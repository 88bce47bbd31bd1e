/**
 * The editor's text as a request body: a JSON object, or why not. The gateway checks the
 * body against its format; this only catches what is not JSON at all, before sending.
 */
export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; reason: 'not_json' | 'not_object'; detail: string };

export function parseBody(text: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'not_json', detail: err instanceof Error ? err.message : String(err) };
  }
  if (!isRecord(value)) return { ok: false, reason: 'not_object', detail: '' };
  return { ok: true, body: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
