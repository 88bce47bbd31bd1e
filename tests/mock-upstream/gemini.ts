// Gemini generateContent / streamGenerateContent: candidates with parts, usageMetadata, and
// the stream as `alt=sse` data chunks (or, without alt=sse, one JSON array sent in pieces).
// Gemini has no argument deltas, so a function call arrives whole in one chunk.
import { RejectError } from './errors.js';
import { enforcesThoughtSignatures, readGeminiRequest } from './gemini-validate.js';
import { splitWords, type Json } from './narrow.js';
import type { NeutralUsage, RenderContext, Reply, Signer, Validation } from './types.js';

function usageOf(u: NeutralUsage): Json {
  // candidatesTokenCount excludes thinking; promptTokenCount includes cached tokens.
  const usage: Json = {
    promptTokenCount: u.input,
    candidatesTokenCount: u.output - u.reasoning,
    totalTokenCount: u.input + u.output,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.input }],
  };
  if (u.cached > 0) {
    usage.cachedContentTokenCount = u.cached;
    usage.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: u.cached }];
  }
  if (u.reasoning > 0) usage.thoughtsTokenCount = u.reasoning;
  return usage;
}

/** Text pieces for streaming: by word, and never fewer than two chunks. */
function textPieces(text: string): string[] {
  const pieces = splitWords(text);
  if (pieces.length >= 2) return pieces;
  const only = pieces[0] ?? '';
  const cut = Math.max(1, Math.floor(only.length / 2));
  return [only.slice(0, cut), only.slice(cut)];
}

export function validateGemini(
  body: unknown,
  opts: { signer: Signer; model: string; stream: boolean; sse: boolean },
): Validation {
  let conversation;
  try {
    conversation = readGeminiRequest(body, opts.signer, opts.model).conversation;
  } catch (e) {
    if (e instanceof RejectError) return { ok: false, error: e.httpError };
    throw e;
  }
  const { model } = opts;
  const chunk = (parts: Json[], responseId: string, last?: Reply): Json => {
    const candidate: Json = { content: { parts, role: 'model' }, index: 0 };
    if (last) candidate.finishReason = 'STOP';
    return {
      candidates: [candidate],
      ...(last ? { usageMetadata: usageOf(last.usage) } : {}),
      modelVersion: model,
      responseId,
    };
  };
  const answerParts = (reply: Reply, ctx: RenderContext, stream: boolean): Json[] => {
    const parts: Json[] = reply.toolCall
      ? [{ functionCall: { name: reply.toolCall.name, args: JSON.parse(reply.toolCall.arguments) as unknown } }]
      : (stream ? textPieces(reply.text ?? '') : [reply.text ?? '']).map((text) => ({ text }));
    // The thought signature rides on the first part after the thoughts; Gemini 3 signs
    // every answer with a function call, thinking or not (its thinking cannot be turned off).
    const signed = reply.reasoning !== undefined || (reply.toolCall !== undefined && enforcesThoughtSignatures(model));
    if (signed && parts[0]) parts[0] = { ...parts[0], thoughtSignature: ctx.signer.geminiSignature() };
    return parts;
  };
  return {
    ok: true,
    request: {
      model,
      stream: opts.stream,
      conversation,
      renderJson(reply: Reply, ctx: RenderContext): unknown {
        const thought = reply.reasoning ? [{ text: reply.reasoning, thought: true }] : [];
        return chunk([...thought, ...answerParts(reply, ctx, false)], ctx.nextId(''), reply);
      },
      renderStream(reply: Reply, ctx: RenderContext) {
        const responseId = ctx.nextId('');
        const chunks: Json[] = [];
        if (reply.reasoning) chunks.push(chunk([{ text: reply.reasoning, thought: true }], responseId));
        const parts = answerParts(reply, ctx, true);
        if (reply.toolCall) chunks.push(chunk(parts, responseId, reply));
        else parts.forEach((p, i) => chunks.push(chunk([p], responseId, i === parts.length - 1 ? reply : undefined)));
        if (opts.sse) {
          return { contentType: 'text/event-stream', frames: chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`) };
        }
        return {
          contentType: 'application/json; charset=UTF-8',
          frames: chunks.map((c, i) => `${i === 0 ? '[' : ',\r\n'}${JSON.stringify(c)}`),
          trailer: ']',
        };
      },
    },
  };
}
