import { budgetToEffort, type CanonicalMessage, type CanonicalRequest, type ImagePart, type ReasoningConfig, type TextPart } from '../canonical.js';
import type { EncodeRequestContext, Warn } from '../codec.js';
import { encodeImage } from './images.js';
import { parseObject } from './json-object.js';

/**
 * CanonicalRequest -> the body of Ollama's POST /api/chat (the one endpoint the gateway calls,
 * whatever the client called). Tool results become `tool` messages naming their call by
 * tool_name and tool_call_id; images go as bare base64 in `images`; the sampling settings go
 * in `options`. `stream` is always set, as Ollama streams when it is absent.
 */

type WireMessage = Record<string, unknown>;

function texts(parts: ReadonlyArray<{ type: string }>, separator: string): string {
  return parts
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join(separator);
}

/** Bare base64 of each image; a remote URL cannot be sent, as Ollama fetches nothing. */
function images(parts: ReadonlyArray<{ type: string }>, warn: Warn | undefined): string[] {
  const out: string[] = [];
  for (const part of parts.filter((p): p is ImagePart => p.type === 'image')) {
    const data = encodeImage(part);
    if (data === undefined) warn?.('an image given by URL dropped: Ollama takes images only as base64 data');
    else out.push(data);
  }
  return out;
}

function withImages(message: WireMessage, list: string[]): WireMessage {
  if (list.length > 0) message.images = list;
  return message;
}

/** Ollama's tool call arguments are a JSON object; text that is not one goes as {}. */
function argumentsObject(json: string, name: string, warn: Warn | undefined): Record<string, unknown> {
  const value = parseObject(json);
  if (value) return value;
  warn?.(`the arguments of a call to '${name}' dropped: they are not a JSON object, which Ollama requires`);
  return {};
}

function encodeAssistant(message: CanonicalMessage, warn: Warn | undefined): WireMessage {
  const out: WireMessage = { role: 'assistant', content: texts(message.content, '') };
  // Ollama takes earlier thinking back in `thinking`; signatures mean nothing to it.
  const thinking = message.content.flatMap((p) => (p.type === 'thinking' ? [p.text] : [])).join('');
  if (thinking !== '') out.thinking = thinking;
  const calls = message.content.flatMap((p) =>
    p.type === 'tool_call' ? [{ id: p.id, function: { name: p.name, arguments: argumentsObject(p.arguments, p.name, warn) } }] : [],
  );
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

function encodeUser(message: CanonicalMessage, warn: Warn | undefined): WireMessage[] {
  const out: WireMessage[] = [];
  for (const part of message.content) {
    if (part.type !== 'tool_result') continue;
    const content = texts(part.content, '\n');
    out.push(withImages({ role: 'tool', content: part.isError ? `Error: ${content}` : content, tool_name: part.name, tool_call_id: part.toolCallId }, images(part.content, warn)));
  }
  const rest = message.content.filter((p) => p.type === 'text' || p.type === 'image');
  if (rest.length > 0) out.push(withImages({ role: 'user', content: texts(rest, '\n') }, images(rest, warn)));
  return out;
}

/** gpt-oss models (Ollama's "harmony" parser) take a think level; before Ollama 0.17.7 no other model did. */
const TAKES_THINK_LEVEL = /(^|[/:])gpt-oss/i;

/**
 * `think: false` turns thinking off. Reasoning asked for is left to the model's default, which
 * for a model that can think is to think: `think: true` would make Ollama refuse a model that
 * cannot (400), and a level one that is not gpt-oss on Ollama before 0.17.7 (400). gpt-oss gets
 * the level asked for.
 */
function encodeThink(reasoning: ReasoningConfig, model: string): boolean | string | undefined {
  if (!reasoning.enabled) return false;
  if (!TAKES_THINK_LEVEL.test(model)) return undefined;
  const effort = reasoning.effort ?? (reasoning.budgetTokens !== undefined ? budgetToEffort(reasoning.budgetTokens) : undefined);
  if (effort === undefined) return undefined;
  return effort === 'minimal' ? 'low' : effort;
}

export function encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const warn = ctx.warn;
  const messages: WireMessage[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: texts(request.system, '\n\n') });
  for (const message of request.messages) {
    if (message.role === 'system') messages.push({ role: 'system', content: texts(message.content, '\n\n') });
    else if (message.role === 'assistant') messages.push(encodeAssistant(message, warn));
    else messages.push(...encodeUser(message, warn));
  }

  const body: Record<string, unknown> = { model: ctx.model, messages, stream: request.stream };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const fn: Record<string, unknown> = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      fn.parameters = tool.parameters;
      return { type: 'function', function: fn };
    });
    const choice = request.toolChoice?.type;
    if (choice !== undefined && choice !== 'auto') warn?.(`toolChoice '${choice}' dropped: Ollama has no tool_choice (the model chooses)`);
  }
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.format = 'json';
  else if (format?.type === 'json_schema') body.format = format.schema;

  const options: Record<string, unknown> = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.stop && request.stop.length > 0) options.stop = request.stop;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.presencePenalty !== undefined) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequency_penalty = request.frequencyPenalty;
  if (Object.keys(options).length > 0) body.options = options;

  const think = request.reasoning ? encodeThink(request.reasoning, ctx.model) : undefined;
  if (think !== undefined) body.think = think;
  if (request.webSearch) warn?.('webSearch dropped: Ollama has no web search tool');
  return body;
}
