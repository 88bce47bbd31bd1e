import type { CanonicalResponse } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { customInputFromArguments, customToolNames } from '../custom-tools.js';
import { encodeFinishReason } from './finish-reason.js';
import { encodeUsage } from './usage.js';

/** CanonicalResponse -> the `chat.completion` body a client receives. */
export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): Record<string, unknown> {
  let text = '';
  let thinking = '';
  const toolCalls: unknown[] = [];
  // A call to a tool the client declared custom goes back in the custom form, its free text as input.
  const customTools = customToolNames(ctx.request.tools);
  for (const part of response.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'thinking') thinking += part.text;
    else if (part.type === 'tool_call') {
      toolCalls.push(
        customTools.has(part.name)
          ? { id: part.id, type: 'custom', custom: { name: part.name, input: customInputFromArguments(part.arguments) } }
          : { id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } },
      );
    }
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  // DeepSeek's field for reasoning text; clients that know it show it, others ignore it.
  if (thinking !== '') message.reasoning_content = thinking;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${ctx.requestId}`,
    object: 'chat.completion',
    created: Math.floor(ctx.now / 1000),
    model: ctx.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: encodeFinishReason(response.stopReason) }],
    usage: encodeUsage(response.usage),
  };
}
