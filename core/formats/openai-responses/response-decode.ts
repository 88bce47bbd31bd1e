import { z } from 'zod';
import { emptyUsage, type AssistantPart, type CanonicalResponse, type StopReason, type Usage } from '../canonical.js';
import type { CodecContext, Decoded } from '../codec.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import { streamErrorFromCode } from './errors.js';

/** Upstream Response body -> CanonicalResponse. */

export const UsageWire = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  input_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
});

const ResponseWire = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created_at: z.number().nullish(),
  status: z.string().nullish(),
  output: z.array(z.unknown()).nullish(),
  incomplete_details: z.object({ reason: z.string().nullish() }).nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  usage: UsageWire.nullish(),
});

const OutputHead = z.object({ type: z.string() });

const MessageWire = z.object({
  content: z.array(
    z.union([
      z.object({ type: z.literal('output_text'), text: z.string() }),
      z.object({ type: z.literal('refusal'), refusal: z.string() }),
      z.object({ type: z.string() }),
    ]),
  ),
});

export const ReasoningWire = z.object({
  summary: z.array(z.object({ text: z.string() })).nullish(),
  content: z.array(z.object({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

const FunctionCallWire = z.object({
  call_id: z.string().nullish(),
  name: z.string(),
  arguments: z.string().nullish(),
});

const CustomToolCallWire = z.object({
  call_id: z.string().nullish(),
  name: z.string(),
  input: z.string().nullish(),
});

export function decodeUsage(raw: z.output<typeof UsageWire> | null | undefined): Partial<Usage> {
  const usage: Partial<Usage> = {};
  if (!raw) return usage;
  if (raw.input_tokens != null) usage.inputTokens = raw.input_tokens;
  if (raw.output_tokens != null) usage.outputTokens = raw.output_tokens;
  const cached = raw.input_tokens_details?.cached_tokens;
  if (cached != null) usage.cachedInputTokens = cached;
  const reasoning = raw.output_tokens_details?.reasoning_tokens;
  if (reasoning != null) usage.reasoningTokens = reasoning;
  return usage;
}

/** Stop reason of a finished response; `sawToolCall`/`sawRefusal` refine a `completed` status. */
export function stopReasonOf(
  status: string | null | undefined,
  incompleteReason: string | null | undefined,
  seen: { toolCall: boolean; refusal: boolean },
): StopReason {
  if (status === 'incomplete') return incompleteReason === 'content_filter' ? 'content_filter' : 'max_tokens';
  if (seen.toolCall) return 'tool_use';
  if (seen.refusal) return 'refusal';
  return 'end_turn';
}

export function thinkingText(item: z.output<typeof ReasoningWire>): string {
  const summary = (item.summary ?? []).map((s) => s.text);
  return (summary.length > 0 ? summary : (item.content ?? []).map((c) => c.text)).join('\n\n');
}

/** The usage of a Response body alone (see Codec.responseUsage). */
export function responseUsage(body: unknown): Usage | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { status, usage } = body as { status?: unknown; usage?: unknown };
  if (status === 'failed' || status === 'cancelled') return undefined;
  const parsed = UsageWire.nullish().safeParse(usage);
  return { ...emptyUsage(), ...decodeUsage(parsed.success ? parsed.data : undefined) };
}

export function decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse> {
  const parsed = ResponseWire.safeParse(body);
  if (!parsed.success) {
    return { ok: false, error: { status: 502, kind: 'api_error', message: 'upstream returned a body that is not a Responses API response' } };
  }
  const wire = parsed.data;
  if (wire.status === 'failed' || wire.status === 'cancelled') {
    const message = wire.error?.message ?? `upstream response ${wire.status}`;
    return { ok: false, error: streamErrorFromCode(wire.error?.code ?? undefined, message) };
  }
  const content: AssistantPart[] = [];
  const seen = { toolCall: false, refusal: false };
  let minted = 0;
  for (const raw of wire.output ?? []) {
    const head = OutputHead.safeParse(raw);
    if (!head.success) continue;
    if (head.data.type === 'message') {
      const message = MessageWire.safeParse(raw);
      if (!message.success) continue;
      for (const part of message.data.content) {
        if ('text' in part) content.push({ type: 'text', text: part.text });
        else if ('refusal' in part) {
          seen.refusal = true;
          content.push({ type: 'text', text: part.refusal });
        }
      }
    } else if (head.data.type === 'reasoning') {
      const item = ReasoningWire.safeParse(raw);
      if (!item.success) continue;
      const text = thinkingText(item.data);
      const signature = item.data.encrypted_content ?? undefined;
      if (text === '' && signature === undefined) continue;
      content.push(
        signature === undefined
          ? { type: 'thinking', text, origin: 'openai-responses' }
          : { type: 'thinking', text, signature, origin: 'openai-responses' },
      );
    } else if (head.data.type === 'function_call') {
      const call = FunctionCallWire.safeParse(raw);
      if (!call.success) continue;
      seen.toolCall = true;
      const id = call.data.call_id || `call_${ctx.requestId}_${minted++}`;
      content.push({ type: 'tool_call', id, name: call.data.name, arguments: call.data.arguments ?? '' });
    } else if (head.data.type === 'custom_tool_call') {
      const call = CustomToolCallWire.safeParse(raw);
      if (!call.success) continue;
      seen.toolCall = true;
      const id = call.data.call_id || `call_${ctx.requestId}_${minted++}`;
      content.push({ type: 'tool_call', id, name: call.data.name, arguments: argumentsFromCustomInput(call.data.input ?? '') });
    }
    // Hosted-tool items (web_search_call, ...) were not asked for by this gateway; skip them.
  }
  return {
    ok: true,
    value: {
      id: wire.id ?? `resp_${ctx.requestId}`,
      model: wire.model ?? '',
      created: wire.created_at ?? Math.floor(ctx.now / 1000),
      content,
      stopReason: stopReasonOf(wire.status, wire.incomplete_details?.reason, seen),
      usage: { ...emptyUsage(), ...decodeUsage(wire.usage) },
    },
  };
}
