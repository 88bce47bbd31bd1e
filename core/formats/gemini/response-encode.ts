import type { CanonicalResponse } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { encodeFinishReason } from './finish-reason.js';
import { encodeModelParts } from './model-parts-encode.js';
import { encodeUsage } from './usage.js';

/** CanonicalResponse -> the GenerateContentResponse a Gemini client reads. */
export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): Record<string, unknown> {
  // Gemini returns thought text only when the request set includeThoughts.
  const parts = encodeModelParts(response.content, { to: 'client', showThoughts: ctx.request.reasoning?.includeThoughts === true });
  const candidate: Record<string, unknown> = {};
  // A filtered candidate comes without content, as Gemini sends it.
  if (parts.length > 0) candidate.content = { role: 'model', parts };
  candidate.finishReason = encodeFinishReason(response.stopReason);
  candidate.index = 0;
  return {
    candidates: [candidate],
    usageMetadata: encodeUsage(response.usage),
    modelVersion: ctx.model,
    responseId: ctx.requestId,
  };
}
