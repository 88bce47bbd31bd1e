/**
 * How a captured body is shown: JSON pretty-printed, a stream (SSE) with each data line's
 * JSON left compact, anything else (or a body cut at the cap) as the raw text. The result is
 * always plain text, set as a text node, never parsed as HTML.
 */
export type BodyShape = 'json' | 'text';

export function prettyBody(body: string): { text: string; shape: BodyShape } {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), shape: 'json' };
    } catch {
      // A truncated or malformed body: shown as it came.
    }
  }
  return { text: body, shape: 'text' };
}

/** The pipeline order the drawer lists bodies in (the gateway already stores them so; this fixes it for display). */
export const BODY_ORDER = ['client_request', 'upstream_request', 'upstream_response', 'client_response'] as const;
