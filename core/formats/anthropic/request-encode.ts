import { effortToBudget, type CanonicalRequest, type ResponseFormat, type TextPart } from '../canonical.js';
import type { EncodeRequestContext, Warn } from '../codec.js';
import { cacheControlToWire, encodeMessages, encodeText, type EncodedMessages, type WireBlock, type WireMessageOut } from './message-encode.js';

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
export function encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const warn: Warn = (message) => ctx.warn?.(message);
  const messages = encodeMessages(request.messages, warn);
  const thinking = planThinking(request, messages.messages, warn);
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  // Anthropic requires max_tokens > budget_tokens (thinking counts against max_tokens).
  if (thinking?.type === 'enabled' && maxTokens <= thinking.budget_tokens) maxTokens = thinking.budget_tokens + ANSWER_HEADROOM;

  const body: Record<string, unknown> = { model: ctx.model, max_tokens: maxTokens };
  Object.assign(body, encodeShared(request, messages, thinking, warn));
  if (thinking?.type === 'enabled') {
    // Anthropic rejects temperature and top_k with thinking and accepts top_p only in [0.95, 1].
    if (request.topP !== undefined) body.top_p = Math.max(THINKING_MIN_TOP_P, request.topP);
    if (request.temperature !== undefined || request.topK !== undefined) warn('temperature and top_k were dropped: Anthropic rejects them while thinking is on');
  } else {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    // Current Claude models reject temperature and top_p together; temperature is the one kept.
    else if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
  }
  warnUncarried(request, warn);
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  body.stream = request.stream;
  return body;
}

/** A canonical request as the body of POST /v1/messages/count_tokens (no max_tokens, sampling or stream). */
export function encodeCountTokensRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const warn: Warn = (message) => ctx.warn?.(message);
  const messages = encodeMessages(request.messages, warn);
  return { model: ctx.model, ...encodeShared(request, messages, planThinking(request, messages.messages, warn), warn) };
}

/** Options Anthropic has no field for. */
function warnUncarried(request: CanonicalRequest, warn: Warn): void {
  if (request.seed !== undefined) warn('seed was dropped: Anthropic has no seed');
  if ((request.presencePenalty ?? 0) !== 0 || (request.frequencyPenalty ?? 0) !== 0) {
    warn('presence_penalty and frequency_penalty were dropped: Anthropic has no penalties');
  }
}

function encodeShared(request: CanonicalRequest, messages: EncodedMessages, thinking: ThinkingPlan, warn: Warn): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const system = [...encodeSystem(request.system, request.responseFormat), ...messages.system];
  if (system.length > 0) body.system = system;
  body.messages = messages.messages;
  const tools: Array<Record<string, unknown>> = (request.tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    // Anthropic requires the input schema to be an object schema.
    input_schema: tool.parameters.type === undefined ? { type: 'object', ...tool.parameters } : tool.parameters,
    ...cacheControlToWire(tool.cacheControl),
  }));
  if (request.webSearch !== undefined) tools.push(webSearchTool(request.webSearch, warn));
  if (tools.length > 0) {
    body.tools = tools;
    const choice = encodeToolChoice(request);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (thinking !== undefined) body.thinking = thinking;
  return body;
}

/** Anthropic's own web search, run by Anthropic (the canonical `webSearch`). */
function webSearchTool(search: NonNullable<CanonicalRequest['webSearch']>, warn: Warn): Record<string, unknown> {
  const tool: Record<string, unknown> = { type: 'web_search_20250305', name: 'web_search' };
  if (search.maxUses !== undefined) tool.max_uses = search.maxUses;
  // Anthropic takes an allow list or a block list, not both; the allow list is the stricter.
  if (search.allowedDomains !== undefined) tool.allowed_domains = search.allowedDomains;
  if (search.blockedDomains !== undefined) {
    if (search.allowedDomains === undefined) tool.blocked_domains = search.blockedDomains;
    else warn('web search blocked_domains were dropped: Anthropic accepts allowed_domains or blocked_domains, not both');
  }
  return tool;
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
 * Thinking as Anthropic accepts it. Anthropic refuses thinking with a forced tool choice
 * (tool_choice any/tool), so thinking is turned off there. And a tool loop is one
 * assistant turn that must keep one thinking mode: with thinking on, Anthropic requires
 * the final assistant message, the one whose tool_use blocks the last user message
 * answers with tool_result blocks, to start with a thinking or redacted_thinking block
 * ("a final `assistant` message must start with a thinking block (preceeding the lastmost
 * set of `tool_use` and `tool_result` blocks)"). A turn whose thinking came from another
 * provider has no block Anthropic can verify, so the request goes without thinking.
 */
function planThinking(request: CanonicalRequest, messages: WireMessageOut[], warn: Warn): ThinkingPlan {
  const reasoning = request.reasoning;
  if (reasoning === undefined) return undefined;
  if (!reasoning.enabled) return { type: 'disabled' };
  const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
  if (forced && (request.tools ?? []).length > 0) {
    warn('thinking was turned off: Anthropic does not allow thinking with a forced tool choice');
    return { type: 'disabled' };
  }
  if (finalToolTurnLacksThinking(messages)) {
    warn(
      'thinking was turned off: the assistant turn that made the pending tool calls has no thinking block Anthropic can verify, and Anthropic requires one while thinking is on',
    );
    return undefined;
  }
  const budget = reasoning.budgetTokens ?? effortToBudget(reasoning.effort ?? 'medium');
  return { type: 'enabled', budget_tokens: Math.max(MIN_THINKING_BUDGET, budget) };
}

/** The rule above. */
function finalToolTurnLacksThinking(messages: WireMessageOut[]): boolean {
  const last = messages.at(-1);
  const final = messages.at(-2);
  if (last?.role !== 'user' || !last.content.some((b) => b.type === 'tool_result')) return false;
  if (final?.role !== 'assistant') return false;
  const first = final.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
