import { emptyUsage, mergeUsage, type AssistantPart, type CanonicalResponse, type StopReason, type Usage } from '../canonical.js';
import type { CodecContext, Decoded } from '../codec.js';
import { decodeError } from './errors.js';
import { isJsonObject } from './json-object.js';
import { decodeFinishReason } from './finish-reason.js';
import { appendModelPart } from './model-parts-decode.js';
import { decodeUsage } from './usage.js';
import { upstreamThoughtSignature } from './thought-signature.js';
import { firstIssue, generateContentResponseSchema, modelParts, usageMetadataSchema } from './wire-schema.js';

/** The usage of a GenerateContentResponse alone (see Codec.responseUsage). */
export function responseUsage(body: unknown): Usage | undefined {
  if (!isJsonObject(body) || isJsonObject(body.error)) return undefined;
  const parsed = usageMetadataSchema.nullish().safeParse(body.usageMetadata);
  return mergeUsage(emptyUsage(), decodeUsage((parsed.success ? parsed.data : undefined) ?? {}));
}

/** An upstream GenerateContentResponse -> CanonicalResponse (first candidate only). */
export function decodeResponse(body: unknown, ctx: CodecContext): Decoded<CanonicalResponse> {
  const wrapped = Array.isArray(body) ? body[0] : body;
  if (isJsonObject(wrapped) && isJsonObject(wrapped.error)) return { ok: false, error: decodeError(0, body) };
  const parsed = generateContentResponseSchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, error: { status: 502, kind: 'api_error', message: `upstream sent an unreadable Gemini response: ${firstIssue(parsed.error)}` } };
  }
  const wire = parsed.data;
  let minted = 0;
  const mintId = (): string => `call_${ctx.requestId}_${minted++}`;
  const candidate = wire.candidates?.[0];
  const content: AssistantPart[] = [];
  for (const part of modelParts(candidate?.content)) appendModelPart(content, part, mintId, upstreamThoughtSignature);
  const sawCall = content.some((p) => p.type === 'tool_call');
  let stopReason: StopReason;
  if (candidate === undefined) stopReason = wire.promptFeedback?.blockReason != null ? 'content_filter' : 'error';
  else stopReason = decodeFinishReason(candidate.finishReason ?? 'STOP', sawCall);
  return {
    ok: true,
    value: {
      id: wire.responseId ?? `resp_${ctx.requestId}`,
      model: wire.modelVersion ?? '',
      created: Math.floor(ctx.now / 1000),
      content,
      stopReason,
      usage: mergeUsage(emptyUsage(), decodeUsage(wire.usageMetadata ?? {})),
    },
  };
}
