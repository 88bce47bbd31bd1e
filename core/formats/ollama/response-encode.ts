import type { CanonicalResponse } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { encodeDoneReason } from './done-reason.js';
import { answerObject, toolCallObject, type Delta } from './response-object.js';
import { encodeUsage } from './usage.js';

/**
 * CanonicalResponse -> the one object Ollama answers a `"stream": false` request with: the
 * whole message (or, for /api/generate, the whole `response` text), done: true, done_reason
 * and the token counts. Redacted thinking has no place in Ollama's API and is left out.
 */
export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): Record<string, unknown> {
  let content = '';
  let thinking = '';
  const toolCalls: unknown[] = [];
  for (const part of response.content) {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'thinking') thinking += part.text;
    else if (part.type === 'tool_call') toolCalls.push(toolCallObject(part, toolCalls.length));
  }
  const delta: Delta = { content };
  if (thinking !== '') delta.thinking = thinking;
  if (toolCalls.length > 0) delta.toolCalls = toolCalls;
  return {
    ...answerObject({ model: ctx.model, now: ctx.now, endpoint: ctx.request.ollamaEndpoint ?? 'chat', delta, done: true }),
    done_reason: encodeDoneReason(response.stopReason),
    ...encodeUsage(response.usage),
  };
}
