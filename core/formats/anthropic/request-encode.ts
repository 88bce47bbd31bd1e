import { effortToBudget, type CanonicalRequest, type ResponseFormat, type TextPart } from '../canonical.js';
import type { CodecContext } from '../codec.js';
import { cacheControlToWire, encodeMessages, encodeText, type WireBlock, type WireMessageOut } from './message-encode.js';

/** Anthropic requires max_tokens; this is what a request that named none gets. */
export const DEFAULT_MAX_TOKENS = 4096;
/** Anthropic's floor for thinking.budget_tokens. */
const MIN_THINKING_BUDGET = 1024;
/** Room left for the answer when max_tokens has to be raised above the thinking budget. */
const ANSWER_HEADROOM = 1024;
/** Top_p floor Anthropic accepts while thinking is on. */
const THINKING_MIN_TOP_P = 0.95;

type ThinkingPlan = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' } | undefined;

/** A canonical request as the body of Anthropic's POST /v1/messages. */
export function encodeRequest(request: CanonicalRequest, ctx: CodecContext & { model: string }): Record<string, unknown> {
  const messages = encodeMessages(request.messages);
  const thinking = planThinking(request, messages);
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  // Anthropic requires max_tokens > budget_tokens (thinking counts against max_tokens).
  if (thinking?.type === 'enabled' && maxTokens <= thinking.budget_tokens) maxTokens = thinking.budget_tokens + ANSWER_HEADROOM;

  const body: Record<string, unknown> = { model: ctx.model, max_tokens: maxTokens };
  Object.assign(body, encodeShared(request, messages, thinking));
  if (thinking?.type === 'enabled') {
    // Anthropic rejects temperature and top_k with thinking and accepts top_p only in [0.95, 1].
    if (request.topP !== undefined) body.top_p = Math.max(THINKING_MIN_TOP_P, request.topP);
  } else {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    // Current Claude models reject temperature and top_p together; temperature is the one kept.
    else if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
  }
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  body.stream = request.stream;
  return body;
}

/** A canonical request as the body of POST /v1/messages/count_tokens (no max_tokens, sampling or stream). */
export function encodeCountTokensRequest(request: CanonicalRequest, ctx: CodecContext & { model: string }): Record<string, unknown> {
  const messages = encodeMessages(request.messages);
  return { model: ctx.model, ...encodeShared(request, messages, planThinking(request, messages)) };
}

function encodeShared(request: CanonicalRequest, messages: WireMessageOut[], thinking: ThinkingPlan): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const system = encodeSystem(request.system, request.responseFormat);
  if (system.length > 0) body.system = system;
  body.messages = messages;
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      // Anthropic requires the input schema to be an object schema.
      input_schema: tool.parameters.type === undefined ? { type: 'object', ...tool.parameters } : tool.parameters,
      ...cacheControlToWire(tool.cacheControl),
    }));
    const choice = encodeToolChoice(request);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (thinking !== undefined) body.thinking = thinking;
  return body;
}

function encodeToolChoice(request: CanonicalRequest): Record<string, unknown> | undefined {
  const noParallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (request.toolChoice?.type) {
    case undefined:
      return request.parallelToolCalls === false ? { type: 'auto', ...noParallel } : undefined;
    case 'auto':
      return { type: 'auto', ...noParallel };
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any', ...noParallel };
    case 'tool':
      return { type: 'tool', name: request.toolChoice.name, ...noParallel };
  }
}

/**
 * Anthropic has no structured-output mode that every Anthropic-compatible provider and
 * model accepts, so a JSON response format becomes an instruction appended to the system
 * prompt (the schema travels verbatim) rather than a request field.
 */
function formatInstruction(format: ResponseFormat | undefined): string | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  const only = 'Output only the JSON, with no prose before or after it and no Markdown code fences.';
  if (format.type === 'json_object') return `Respond with a single valid JSON object. ${only}`;
  const about = format.description !== undefined ? ` (${format.description})` : '';
  return `Respond with a single JSON value that conforms to the JSON Schema "${format.name}"${about} below. ${only}\n${JSON.stringify(format.schema)}`;
}

function encodeSystem(system: TextPart[], format: ResponseFormat | undefined): WireBlock[] {
  const blocks = system.flatMap((part) => {
    const block = encodeText(part);
    return block === undefined ? [] : [block];
  });
  const instruction = formatInstruction(format);
  if (instruction !== undefined) blocks.push({ type: 'text', text: instruction });
  return blocks;
}

/**
 * Thinking as Anthropic accepts it. It is turned off for requests Anthropic would reject
 * with thinking on: forced tool use (tool_choice any/tool), and a history whose last
 * assistant turn called tools without starting with a signed thinking block (Anthropic
 * requires that turn to begin with one, and blocks from other providers cannot be sent).
 */
function planThinking(request: CanonicalRequest, messages: WireMessageOut[]): ThinkingPlan {
  const reasoning = request.reasoning;
  if (reasoning === undefined) return undefined;
  if (!reasoning.enabled) return { type: 'disabled' };
  const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
  if (forced && (request.tools ?? []).length > 0) return { type: 'disabled' };
  if (lastToolTurnLacksThinking(messages)) return { type: 'disabled' };
  const budget = reasoning.budgetTokens ?? effortToBudget(reasoning.effort ?? 'medium');
  return { type: 'enabled', budget_tokens: Math.max(MIN_THINKING_BUDGET, budget) };
}

function lastToolTurnLacksThinking(messages: WireMessageOut[]): boolean {
  const last = messages.findLast((m) => m.role === 'assistant');
  if (last === undefined || !last.content.some((b) => b.type === 'tool_use')) return false;
  const first = last.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
