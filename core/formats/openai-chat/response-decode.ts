import { z } from 'zod';
import { emptyUsage, mergeUsage, type AssistantPart, type CanonicalResponse, type Usage } from '../canonical.js';
import type { CodecContext, Decoded } from '../codec.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import { decodeInlineError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { ThinkTagSplitter } from './think-tags.js';
import { decodeUsage } from './usage.js';

/** The usage of a `chat.completion` body alone (see Codec.responseUsage). */
export function responseUsage(body: unknown): Usage | undefined {
  if (typeof body !== 'object' || body === null || ('error' in body && body.error)) return undefined;
  return mergeUsage(emptyUsage(), decodeUsage((body as { usage?: unknown }).usage) ?? {});
}

/** An upstream `chat.completion` body -> CanonicalResponse. */

const text = z.string().nullish().catch(undefined);

const toolCallSchema = z.object({
  id: text,
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string().nullish() }),
});

/** A call to a custom tool: its free text becomes canonical arguments {"input": text}. */
const customCallSchema = z
  .object({ id: text, type: z.literal('custom'), custom: z.object({ name: z.string(), input: z.string().nullish() }) })
  .transform((c) => ({ id: c.id, function: { name: c.custom.name, arguments: argumentsFromCustomInput(c.custom.input ?? '') } }));

const anyCallSchema = z.union([toolCallSchema, customCallSchema]);

const responseSchema = z.object({
  id: text,
  model: text,
  created: z.number().nullish().catch(undefined),
  choices: z
    .array(
      z.object({
        finish_reason: text,
        message: z.object({
          content: text,
          refusal: text,
          reasoning_content: text,
          reasoning: text,
          // Entries of kinds the gateway does not know are skipped, not fatal.
          tool_calls: z.array(z.unknown()).nullish(),
          function_call: toolCallSchema.shape.function.nullish().catch(undefined),
        }),
      }),
    )
    .min(1),
  usage: z.unknown().optional(),
});

export function decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse> {
  if (typeof body === 'object' && body !== null && 'error' in body && body.error) {
    return { ok: false, error: decodeInlineError(body.error) };
  }
  const parsed = responseSchema.safeParse(body);
  const choice = parsed.data?.choices[0];
  if (!parsed.success || !choice) {
    const issue = parsed.error?.issues[0];
    const where = issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'no choices';
    return { ok: false, error: { status: 502, kind: 'api_error', message: `upstream sent a malformed chat.completion (${where})` } };
  }
  const b = parsed.data;
  const message = choice.message;

  const content: AssistantPart[] = [];
  const reasoning = message.reasoning_content || message.reasoning;
  if (reasoning) content.push({ type: 'thinking', text: reasoning });
  if (message.content) {
    const splitter = new ThinkTagSplitter();
    for (const piece of [...splitter.push(message.content), ...splitter.flush()]) {
      content.push(piece.kind === 'thinking' ? { type: 'thinking', text: piece.text } : { type: 'text', text: piece.text });
    }
  }
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  const functionCalls = (message.tool_calls ?? []).flatMap((raw) => {
    const call = anyCallSchema.safeParse(raw);
    return call.success ? [call.data] : [];
  });
  const calls = [...functionCalls, ...(message.function_call ? [{ function: message.function_call }] : [])];
  for (const [n, call] of calls.entries()) {
    content.push({
      type: 'tool_call',
      id: ('id' in call && call.id) || `call_${ctx.requestId}_${n}`,
      name: call.function.name,
      arguments: call.function.arguments ?? '',
    });
  }

  const response: CanonicalResponse = {
    id: b.id || `chatcmpl-${ctx.requestId}`,
    model: b.model ?? '',
    created: b.created ?? Math.floor(ctx.now / 1000),
    content,
    stopReason: decodeFinishReason(choice.finish_reason, { toolCalls: calls.length > 0, refusal: Boolean(message.refusal) }),
    usage: mergeUsage(emptyUsage(), decodeUsage(b.usage) ?? {}),
  };
  return { ok: true, value: response };
}
