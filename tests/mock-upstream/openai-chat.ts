// OpenAI Chat Completions: the response object and the chunk stream ending in `data: [DONE]`.
// Reasoning is DeepSeek-style `reasoning_content`, as OpenAI-compatible reasoning providers send it.
import { RejectError } from './errors.js';
import { splitWords } from './narrow.js';
import { readChatRequest } from './openai-chat-validate.js';
import type { NeutralUsage, RenderContext, Reply, Validation } from './types.js';

function usageOf(u: NeutralUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(reply: Reply): string {
  return reply.toolCall ? 'tool_calls' : 'stop';
}

function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function validateOpenAiChat(body: unknown): Validation {
  let parsed: ReturnType<typeof readChatRequest>;
  try {
    parsed = readChatRequest(body);
  } catch (e) {
    if (e instanceof RejectError) return { ok: false, error: e.httpError };
    throw e;
  }
  const { model, includeUsage } = parsed;
  // A call to a custom tool carries free text in `custom.input`: the reply's arguments text.
  const isCustom = (reply: Reply): boolean => parsed.firstToolCustom && reply.toolCall?.name === parsed.conversation.firstTool;
  return {
    ok: true,
    request: {
      model,
      stream: parsed.stream,
      conversation: parsed.conversation,
      renderJson(reply: Reply, ctx: RenderContext): unknown {
        const message: Record<string, unknown> = {
          role: 'assistant',
          content: reply.text ?? null,
          refusal: null,
          annotations: [],
        };
        if (reply.reasoning) message.reasoning_content = reply.reasoning;
        if (reply.toolCall) {
          const { name, arguments: args } = reply.toolCall;
          message.tool_calls = [
            isCustom(reply)
              ? { id: ctx.nextId('call_'), type: 'custom', custom: { name, input: args } }
              : { id: ctx.nextId('call_'), type: 'function', function: { name, arguments: args } },
          ];
        }
        return {
          id: ctx.nextId('chatcmpl-'),
          object: 'chat.completion',
          created: Math.floor(ctx.now() / 1000),
          model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(reply) }],
          usage: usageOf(reply.usage),
          service_tier: 'default',
          system_fingerprint: 'fp_mock',
        };
      },
      renderStream(reply: Reply, ctx: RenderContext) {
        const id = ctx.nextId('chatcmpl-');
        const created = Math.floor(ctx.now() / 1000);
        const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
          frame({
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            system_fingerprint: 'fp_mock',
            choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
            ...(includeUsage ? { usage: null } : {}),
          });
        const frames = [chunk({ role: 'assistant', content: reply.text === undefined ? null : '', refusal: null })];
        if (reply.reasoning) {
          for (const piece of splitWords(reply.reasoning)) frames.push(chunk({ reasoning_content: piece }));
        }
        if (reply.text !== undefined) {
          for (const piece of splitWords(reply.text)) frames.push(chunk({ content: piece }));
        }
        if (reply.toolCall && isCustom(reply)) {
          const call = reply.toolCall;
          frames.push(chunk({ tool_calls: [{ index: 0, id: ctx.nextId('call_'), type: 'custom', custom: { name: call.name, input: '' } }] }));
          for (const piece of call.argumentPieces) frames.push(chunk({ tool_calls: [{ index: 0, custom: { input: piece } }] }));
        } else if (reply.toolCall) {
          const call = reply.toolCall;
          frames.push(
            chunk({
              tool_calls: [{ index: 0, id: ctx.nextId('call_'), type: 'function', function: { name: call.name, arguments: '' } }],
            }),
          );
          for (const piece of call.argumentPieces) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
        }
        frames.push(chunk({}, finishReason(reply)));
        if (includeUsage) {
          frames.push(
            frame({
              id,
              object: 'chat.completion.chunk',
              created,
              model,
              system_fingerprint: 'fp_mock',
              choices: [],
              usage: usageOf(reply.usage),
            }),
          );
        }
        frames.push('data: [DONE]\n\n');
        return { contentType: 'text/event-stream; charset=utf-8', frames };
      },
    },
  };
}
