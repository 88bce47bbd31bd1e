// Anthropic Messages: the message object and the stream grammar
// message_start, (content_block_start, ping once, content_block_delta*, content_block_stop)*,
// message_delta, message_stop.
import { inputTokens } from './behaviour.js';
import { RejectError } from './errors.js';
import { splitWords, type Json } from './narrow.js';
import { readAnthropicRequest, type AnthropicRequest } from './anthropic-validate.js';
import type { HttpError, NeutralUsage, RenderContext, Reply, Signer, Validation } from './types.js';

function usageOf(u: NeutralUsage, ttl: '5m' | '1h' | undefined): Json {
  // Anthropic's input_tokens excludes the tokens read from and written to the prompt cache;
  // cache_creation splits the written ones by the breakpoint's time to live.
  const written = u.cacheWrite ?? 0;
  return {
    input_tokens: u.input - u.cached - written,
    cache_creation_input_tokens: written,
    cache_read_input_tokens: u.cached,
    cache_creation: { ephemeral_5m_input_tokens: ttl === '1h' ? 0 : written, ephemeral_1h_input_tokens: ttl === '1h' ? written : 0 },
    output_tokens: u.output,
    service_tier: 'standard',
  };
}

function stopReason(reply: Reply): string {
  return reply.toolCall ? 'tool_use' : 'end_turn';
}

interface Block {
  start: Json;
  deltas: Json[];
  full: Json;
}

function blocks(reply: Reply, ctx: RenderContext): Block[] {
  const out: Block[] = [];
  if (reply.reasoning) {
    const signature = ctx.signer.anthropicSignature(reply.reasoning);
    out.push({
      start: { type: 'thinking', thinking: '', signature: '' },
      deltas: [
        ...splitWords(reply.reasoning).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature },
      ],
      full: { type: 'thinking', thinking: reply.reasoning, signature },
    });
  }
  if (reply.text !== undefined) {
    out.push({
      start: { type: 'text', text: '' },
      deltas: splitWords(reply.text).map((text) => ({ type: 'text_delta', text })),
      full: { type: 'text', text: reply.text },
    });
  }
  if (reply.toolCall) {
    const call = reply.toolCall;
    const id = ctx.nextId('toolu_');
    out.push({
      start: { type: 'tool_use', id, name: call.name, input: {} },
      deltas: call.argumentPieces.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
      full: { type: 'tool_use', id, name: call.name, input: JSON.parse(call.arguments) as unknown },
    });
  }
  return out;
}

function frame(type: string, data: Json): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function accept(req: AnthropicRequest): Validation {
  const { model } = req;
  return {
    ok: true,
    request: {
      model,
      stream: req.stream,
      conversation: req.conversation,
      renderJson(reply: Reply, ctx: RenderContext): unknown {
        return {
          id: ctx.nextId('msg_'),
          type: 'message',
          role: 'assistant',
          model,
          content: blocks(reply, ctx).map((b) => b.full),
          stop_reason: stopReason(reply),
          stop_sequence: null,
          usage: usageOf(reply.usage, req.conversation.cacheControl),
        };
      },
      renderStream(reply: Reply, ctx: RenderContext) {
        const u = usageOf(reply.usage, req.conversation.cacheControl);
        const message = {
          id: ctx.nextId('msg_'),
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...u, output_tokens: 1 },
        };
        const frames = [frame('message_start', { message })];
        blocks(reply, ctx).forEach((b, index) => {
          frames.push(frame('content_block_start', { index, content_block: b.start }));
          if (index === 0) frames.push(frame('ping', {}));
          for (const delta of b.deltas) frames.push(frame('content_block_delta', { index, delta }));
          frames.push(frame('content_block_stop', { index }));
        });
        frames.push(
          frame('message_delta', {
            delta: { stop_reason: stopReason(reply), stop_sequence: null },
            usage: {
              input_tokens: u.input_tokens,
              cache_creation_input_tokens: u.cache_creation_input_tokens,
              cache_read_input_tokens: u.cache_read_input_tokens,
              output_tokens: u.output_tokens,
            },
          }),
        );
        frames.push(frame('message_stop', {}));
        return { contentType: 'text/event-stream; charset=utf-8', frames };
      },
    },
  };
}

export function validateAnthropic(body: unknown, opts: { signer: Signer; beta: boolean }): Validation {
  try {
    return accept(readAnthropicRequest(body, { ...opts, counting: false }));
  } catch (e) {
    if (e instanceof RejectError) return { ok: false, error: e.httpError };
    throw e;
  }
}

/** POST /v1/messages/count_tokens: the input the mock would report for this request. */
export function countAnthropicTokens(
  body: unknown,
  opts: { signer: Signer; beta: boolean },
): { ok: true; inputTokens: number } | { ok: false; error: HttpError } {
  try {
    return { ok: true, inputTokens: inputTokens(readAnthropicRequest(body, { ...opts, counting: true }).conversation) };
  } catch (e) {
    if (e instanceof RejectError) return { ok: false, error: e.httpError };
    throw e;
  }
}
