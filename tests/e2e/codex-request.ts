/**
 * A streamed POST /v1/responses with the headers and fixed body fields Codex CLI sends, read
 * the way Codex reads it (SSE events, each a JSON object). Each suite adds the fields its Codex
 * version sends (model, input, tools, reasoning, cache key...).
 */
import { SseParser } from '../../core/sse/parser.js';
import type { Json } from '../fixtures/objects-in.js';

export interface CodexStreamed {
  status: number;
  /** The gateway's x-omniroute-warnings header, null when it dropped nothing. */
  warnings: string | null;
  /** The SSE events; for a refused request, one `{error: body}` so the failure shows in messages. */
  events: Json[];
}

export async function codexStream(gatewayUrl: string, fields: Json): Promise<CodexStreamed> {
  const res = await fetch(`${gatewayUrl}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gateway-key', accept: 'text/event-stream' },
    body: JSON.stringify({
      stream: true,
      tool_choice: 'auto',
      store: false,
      include: ['reasoning.encrypted_content'],
      ...fields,
    }),
  });
  const parser = new SseParser();
  const text = await res.text();
  const events = res.ok ? [...parser.push(text), ...parser.end()].map((m) => JSON.parse(m.data) as Json) : [{ error: text }];
  return { status: res.status, warnings: res.headers.get('x-omniroute-warnings'), events };
}
