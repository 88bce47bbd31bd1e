import {
  budgetToEffort,
  type CanonicalMessage,
  type CanonicalRequest,
  type ImagePart,
  type ReasoningConfig,
  type ReasoningEffort,
  type TextPart,
  type ToolChoice,
} from '../canonical.js';
import type { EncodeRequestContext } from '../codec.js';

/** CanonicalRequest -> the body an OpenAI-compatible upstream accepts. */

type WireMessage = Record<string, unknown>;
type WirePart = Record<string, unknown>;

export function imageUrl(part: ImagePart): string {
  return part.source.kind === 'base64' ? `data:${part.source.mediaType};base64,${part.source.data}` : part.source.url;
}

function encodePart(part: TextPart | ImagePart): WirePart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const image: Record<string, unknown> = { url: imageUrl(part) };
  if (part.detail) image.detail = part.detail;
  return { type: 'image_url', image_url: image };
}

/** A lone text part goes as a plain string: every OpenAI-compatible server accepts that. */
function userContent(parts: Array<TextPart | ImagePart>): string | WirePart[] {
  const only = parts[0];
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts.map(encodePart);
}

function joinTexts(parts: ReadonlyArray<{ type: string }>, separator: string): string {
  return parts
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join(separator);
}

function encodeAssistant(message: CanonicalMessage): WireMessage {
  // Thinking is dropped: OpenAI-compatible servers reject or ignore it in history.
  const text = joinTexts(message.content, '');
  const calls = message.content.flatMap((p) =>
    p.type === 'tool_call'
      ? [{ id: p.id, type: 'function', function: { name: p.name, arguments: p.arguments === '' ? '{}' : p.arguments } }]
      : [],
  );
  const out: WireMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

/**
 * OpenAI requires every tool message to follow the assistant turn that called it, so tool
 * results go first; tool messages carry only text, so their images ride in a user message
 * after them, together with whatever else the user said in that turn.
 */
function encodeUser(message: CanonicalMessage): WireMessage[] {
  const out: WireMessage[] = [];
  const userParts: Array<TextPart | ImagePart> = [];
  for (const part of message.content) {
    if (part.type === 'tool_result') {
      out.push({ role: 'tool', tool_call_id: part.toolCallId, content: joinTexts(part.content, '\n') });
      userParts.push(...part.content.filter((p): p is ImagePart => p.type === 'image'));
    }
  }
  for (const part of message.content) {
    if (part.type === 'text' || part.type === 'image') userParts.push(part);
  }
  if (userParts.length > 0) out.push({ role: 'user', content: userContent(userParts) });
  return out;
}

function hasToolCalls(message: WireMessage | undefined): boolean {
  return message?.role === 'assistant' && Array.isArray(message.tool_calls);
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function reasoningEffort(reasoning: ReasoningConfig): ReasoningEffort | undefined {
  // A disabled config sends nothing: 'none' is accepted by only some OpenAI models.
  if (!reasoning.enabled) return undefined;
  if (reasoning.effort) return reasoning.effort;
  return reasoning.budgetTokens !== undefined ? budgetToEffort(reasoning.budgetTokens) : undefined;
}

export function encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const messages: WireMessage[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: joinTexts(request.system, '\n\n') });
  // An instruction given mid-conversation stays where it was given, except between tool calls
  // and their results: OpenAI requires the tool messages right after the calling turn, so
  // there it waits until the results are out.
  let held: WireMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      const instruction = { role: 'system', content: joinTexts(message.content, '\n\n') };
      if (held.length > 0 || hasToolCalls(messages.at(-1))) held.push(instruction);
      else messages.push(instruction);
      continue;
    }
    if (message.role === 'assistant') messages.push(...held.splice(0), encodeAssistant(message));
    else {
      const encoded = encodeUser(message);
      const results = encoded.findLastIndex((m) => m.role === 'tool') + 1;
      messages.push(...encoded.slice(0, results), ...held.splice(0), ...encoded.slice(results));
    }
  }
  messages.push(...held);
  if (request.webSearch) {
    ctx.warn?.('webSearch dropped: Chat Completions has no web search tool for general models');
  }

  const body: Record<string, unknown> = { model: ctx.model, messages };
  // OpenAI rejects an empty tools array, and tool_choice / parallel_tool_calls without tools.
  // A canonical custom tool goes as the function tool it also is ({input: string}): OpenAI
  // has custom tools on Chat Completions, but the OpenAI-compatible servers this codec also
  // speaks to reject `type: "custom"`, and every one of them takes a function tool.
  // response-decode / stream-decode still read custom calls, should a server send them.
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const fn: Record<string, unknown> = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      fn.parameters = tool.parameters;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      return { type: 'function', function: fn };
    });
    if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format) {
    if (format.type === 'json_schema') {
      const spec: Record<string, unknown> = { name: format.name, schema: format.schema };
      if (format.description !== undefined) spec.description = format.description;
      if (format.strict !== undefined) spec.strict = format.strict;
      body.response_format = { type: 'json_schema', json_schema: spec };
    } else body.response_format = { type: format.type };
  }
  const effort = request.reasoning ? reasoningEffort(request.reasoning) : undefined;
  if (effort) body.reasoning_effort = effort;
  body.stream = request.stream;
  // The gateway meters every streamed request, so it always asks for the usage chunk.
  if (request.stream) body.stream_options = { include_usage: true };
  if (request.user !== undefined) body.user = request.user;
  return body;
}
