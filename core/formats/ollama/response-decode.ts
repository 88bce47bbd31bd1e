import { z } from 'zod';
import { emptyUsage, mergeUsage, type AssistantPart, type CanonicalResponse, type Usage } from '../canonical.js';
import type { CodecContext, Decoded } from '../codec.js';
import { ThinkTagSplitter } from '../openai-chat/think-tags.js';
import { decodeDoneReason } from './done-reason.js';
import { decodeInlineError } from './errors.js';
import { isRecord } from './json-object.js';
import { decodeUsage } from './usage.js';

/**
 * An upstream Ollama answer object (/api/chat; /api/generate's `response` is read too) ->
 * canonical. Shared with the stream decoder, which reads the same object line by line.
 */

const text = z.string().nullish().catch(undefined);

export const toolCallSchema = z.object({
  id: text,
  function: z.object({
    name: z.string(),
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  }),
});

export const answerSchema = z.object({
  model: text,
  created_at: text,
  message: z
    .object({
      content: text,
      thinking: text,
      // Entries the gateway cannot read are skipped, not fatal.
      tool_calls: z.array(z.unknown()).nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  response: text,
  thinking: text,
  tool_calls: z.array(z.unknown()).nullish().catch(undefined),
  done: z.boolean().nullish().catch(undefined),
  done_reason: text,
});

export type Answer = z.infer<typeof answerSchema>;
export type ToolCall = z.infer<typeof toolCallSchema>;

/** The pieces of one answer object, wherever its endpoint put them. */
export function answerPieces(answer: Answer): { content: string; thinking: string; toolCalls: ToolCall[] } {
  const calls = [...(answer.message?.tool_calls ?? []), ...(answer.tool_calls ?? [])].flatMap((raw) => {
    const call = toolCallSchema.safeParse(raw);
    return call.success ? [call.data] : [];
  });
  return {
    content: (answer.message?.content ?? '') + (answer.response ?? ''),
    thinking: (answer.message?.thinking ?? '') + (answer.thinking ?? ''),
    toolCalls: calls,
  };
}

export function argumentsText(call: ToolCall): string {
  const args = call.function.arguments;
  if (args == null) return '{}';
  return typeof args === 'string' ? args : JSON.stringify(args);
}

/** Unix seconds of Ollama's RFC 3339 `created_at`, or of the request when it has none. */
export function createdSeconds(createdAt: string | null | undefined, now: number): number {
  const ms = createdAt ? Date.parse(createdAt) : NaN;
  return Math.floor((Number.isNaN(ms) ? now : ms) / 1000);
}

/** The usage of an answer object alone (see Codec.responseUsage). */
export function responseUsage(body: unknown): Usage | undefined {
  if (!isRecord(body) || body.error) return undefined;
  return mergeUsage(emptyUsage(), decodeUsage(body));
}

export function decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse> {
  if (isRecord(body) && body.error) return { ok: false, error: decodeInlineError(body.error) };
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success || !isRecord(body)) {
    return { ok: false, error: { status: 502, kind: 'api_error', message: 'upstream sent a malformed Ollama answer (expected a JSON object)' } };
  }
  const pieces = answerPieces(parsed.data);
  const content: AssistantPart[] = [];
  if (pieces.thinking) content.push({ type: 'thinking', text: pieces.thinking });
  // Older Ollama, or a request without `think`, leaves a reasoning model's <think> block in the text.
  const splitter = new ThinkTagSplitter();
  for (const piece of [...splitter.push(pieces.content), ...splitter.flush()]) {
    content.push(piece.kind === 'thinking' ? { type: 'thinking', text: piece.text } : { type: 'text', text: piece.text });
  }
  for (const [n, call] of pieces.toolCalls.entries()) {
    content.push({ type: 'tool_call', id: call.id || `call_${ctx.requestId}_${n}`, name: call.function.name, arguments: argumentsText(call) });
  }
  return {
    ok: true,
    value: {
      id: `ollama-${ctx.requestId}`,
      model: parsed.data.model ?? '',
      created: createdSeconds(parsed.data.created_at, ctx.now),
      content,
      stopReason: decodeDoneReason(parsed.data.done_reason, pieces.toolCalls.length > 0),
      usage: mergeUsage(emptyUsage(), decodeUsage(body)),
    },
  };
}
