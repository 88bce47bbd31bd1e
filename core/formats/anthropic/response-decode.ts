import type { AssistantPart, CanonicalResponse, Usage } from '../canonical.js';
import type { CodecContext, Decoded } from '../codec.js';
import { errorFromWireType } from './errors.js';
import { messageSchema, errorEventSchema, wireUsageSchema, type WireContentBlock, type WireUsageIn } from './response-schema.js';
import { stopReasonFromWire } from './stop-reason.js';
import { inputToArguments } from './tool-input.js';
import { usageFromRaw, type RawUsage } from './usage.js';

export function rawUsageFromWire(usage: WireUsageIn | null | undefined): RawUsage {
  const raw: RawUsage = {};
  if (usage == null) return raw;
  if (usage.input_tokens != null) raw.input = usage.input_tokens;
  if (usage.output_tokens != null) raw.output = usage.output_tokens;
  if (usage.cache_read_input_tokens != null) raw.cacheRead = usage.cache_read_input_tokens;
  if (usage.cache_creation_input_tokens != null) raw.cacheWrite = usage.cache_creation_input_tokens;
  if (usage.output_tokens_details?.thinking_tokens != null) raw.thinking = usage.output_tokens_details.thinking_tokens;
  return raw;
}

/** One Anthropic content block as a canonical part; server-side blocks have none. */
export function partFromBlock(block: WireContentBlock, mintId: () => string): AssistantPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text ?? '' };
    case 'thinking':
      return {
        type: 'thinking',
        text: block.thinking ?? '',
        ...(block.signature ? { signature: block.signature } : {}),
        origin: 'anthropic',
      };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data ?? '' };
    case 'tool_use':
      return { type: 'tool_call', id: block.id || mintId(), name: block.name ?? '', arguments: inputToArguments(block.input) };
    default:
      return undefined;
  }
}

/** The usage of a Message body alone (see Codec.responseUsage). */
export function responseUsage(body: unknown): Usage | undefined {
  if (typeof body !== 'object' || body === null || (body as { type?: unknown }).type === 'error') return undefined;
  const parsed = wireUsageSchema.nullish().safeParse((body as { usage?: unknown }).usage);
  return { inputTokens: 0, outputTokens: 0, ...usageFromRaw(rawUsageFromWire(parsed.success ? parsed.data : undefined)) };
}

export function decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse> {
  if (typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'error') {
    const parsed = errorEventSchema.safeParse(body);
    const error = parsed.success ? parsed.data.error : undefined;
    return { ok: false, error: errorFromWireType(error?.type, error?.message) };
  }
  const parsed = messageSchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return { ok: false, error: { status: 502, kind: 'api_error', message: `upstream sent a malformed message (${where || 'body'})` } };
  }
  const message = parsed.data;
  let minted = 0;
  const mintId = (): string => `call_${ctx.requestId}_${minted++}`;
  const content = message.content.flatMap((block) => {
    const part = partFromBlock(block, mintId);
    return part === undefined ? [] : [part];
  });
  const usage: Usage = { inputTokens: 0, outputTokens: 0, ...usageFromRaw(rawUsageFromWire(message.usage)) };
  const response: CanonicalResponse = {
    id: message.id,
    model: message.model ?? '',
    created: Math.floor(ctx.now / 1000),
    content,
    stopReason: stopReasonFromWire(message.stop_reason),
    usage,
  };
  if (message.stop_reason === 'stop_sequence' && message.stop_sequence != null) response.stopSequence = message.stop_sequence;
  return { ok: true, value: response };
}
