/**
 * Raw client requests in each wire format for the usage suites: the bodies are written out
 * by hand (not through an SDK) so a test controls exactly what is asked for (reasoning,
 * prompt caching, include_usage) and can stop reading a stream halfway.
 */
import type { RequestLogEntry } from '../../core/store/request-log-entry.js';
import type { Harness } from './harness.js';
import { type HarnessFormat } from './harness.js';

export interface RawAsk {
  model: string;
  stream: boolean;
  text?: string;
  /** Ask for reasoning in the client's own way. */
  reasoning?: boolean;
  /** Anthropic clients: put a cache_control breakpoint on the system prompt. */
  cacheControl?: boolean;
  /** OpenAI Chat clients: stream_options.include_usage (default true). */
  includeUsage?: boolean;
}

export function rawRequest(baseUrl: string, format: HarnessFormat, ask: RawAsk): { url: string; init: RequestInit } {
  const text = ask.text ?? 'please count these few words';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let path: string;
  let body: Record<string, unknown>;
  switch (format) {
    case 'openai-chat':
      path = '/v1/chat/completions';
      body = {
        model: ask.model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: text },
        ],
        stream: ask.stream,
        ...(ask.stream && ask.includeUsage !== false ? { stream_options: { include_usage: true } } : {}),
        ...(ask.reasoning ? { reasoning_effort: 'low' } : {}),
      };
      break;
    case 'openai-responses':
      path = '/v1/responses';
      body = { model: ask.model, instructions: 'Be brief.', input: text, stream: ask.stream, ...(ask.reasoning ? { reasoning: { effort: 'low' } } : {}) };
      break;
    case 'anthropic':
      path = '/v1/messages';
      headers['anthropic-version'] = '2023-06-01';
      body = {
        model: ask.model,
        max_tokens: 4096,
        system: [{ type: 'text', text: 'Be brief.', ...(ask.cacheControl ? { cache_control: { type: 'ephemeral' } } : {}) }],
        messages: [{ role: 'user', content: text }],
        stream: ask.stream,
        ...(ask.reasoning ? { thinking: { type: 'enabled', budget_tokens: 1024 } } : {}),
      };
      break;
    case 'gemini':
      path = `/v1beta/models/${ask.model}:${ask.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
      body = {
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [{ role: 'user', parts: [{ text }] }],
        ...(ask.reasoning ? { generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } } } : {}),
      };
      break;
  }
  return { url: `${baseUrl}${path}`, init: { method: 'POST', headers, body: JSON.stringify(body) } };
}

/** Sends a request and reads the whole answer. */
export async function ask(baseUrl: string, format: HarnessFormat, a: RawAsk): Promise<{ status: number; requestId: string; text: string }> {
  const { url, init } = rawRequest(baseUrl, format, a);
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', text };
}

/** The request's log row, waiting for it when the request ended without the client (a disconnect). */
export async function logRow(h: Harness, requestId: string, timeoutMs = 5000): Promise<RequestLogEntry> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await h.gateway.store.requestLog.flush();
    const row = (await h.gateway.store.requestLogs.recent(200)).find((r) => r.id === requestId);
    if (row) return row;
    if (Date.now() > until) throw new Error(`no request-log row for ${requestId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
