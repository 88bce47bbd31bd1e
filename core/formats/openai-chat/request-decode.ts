import type { CanonicalRequest, ReasoningConfig, ResponseFormat, ToolChoice, ToolDefinition } from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { decodeMessages } from './message-decode.js';
import { chatRequestSchema, type ChatRequestBody } from './request-schema.js';
import { decodeFunctionCall, decodeFunctions, decodeToolChoice, decodeTools } from './tools-decode.js';
import { badRequest, zodBadRequest } from './validation.js';

/** A client's Chat Completions body -> CanonicalRequest. */
export function decodeRequest(body: unknown, _ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) return zodBadRequest(parsed.error);
  const b = parsed.data;
  if (b.n !== undefined && b.n !== null && b.n !== 1) {
    return badRequest(`n: only n=1 is supported (got ${b.n}); send one request per completion`);
  }
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };
  const decoded = decodeMessages(b.messages, warn);
  if (!decoded.ok) return decoded;

  const request: CanonicalRequest = {
    model: b.model,
    system: decoded.value.system,
    messages: decoded.value.messages,
    stream: b.stream ?? false,
  };
  const tools = decodeAllTools(b, warn);
  if (!tools.ok) return tools;
  if (tools.value.tools.length > 0) request.tools = tools.value.tools;
  if (tools.value.choice) request.toolChoice = tools.value.choice;
  // Chat's search (search models only) takes no domain filters; it just turns search on.
  if (b.web_search_options) request.webSearch = {};
  if (isSet(b.parallel_tool_calls)) request.parallelToolCalls = b.parallel_tool_calls;
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (isSet(maxTokens)) request.maxTokens = maxTokens;
  if (isSet(b.temperature)) request.temperature = b.temperature;
  if (isSet(b.top_p)) request.topP = b.top_p;
  if (isSet(b.stop)) request.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  if (isSet(b.seed)) request.seed = b.seed;
  if (isSet(b.presence_penalty)) request.presencePenalty = b.presence_penalty;
  if (isSet(b.frequency_penalty)) request.frequencyPenalty = b.frequency_penalty;
  if (b.response_format) request.responseFormat = decodeResponseFormat(b.response_format);
  if (b.reasoning_effort) request.reasoning = decodeReasoning(b.reasoning_effort);
  const includeUsage = b.stream_options?.include_usage;
  if (isSet(includeUsage)) request.includeUsage = includeUsage;
  if (isSet(b.user)) request.user = b.user;
  if (warnings.length > 0) request.warnings = warnings;
  return { ok: true, value: request };
}

/** `tools` / `tool_choice`, or the legacy `functions` / `function_call` when those are used. */
function decodeAllTools(b: Body, warn: (message: string) => void): Decoded<{ tools: ToolDefinition[]; choice?: ToolChoice }> {
  const tools = b.tools ? decodeTools(b.tools, warn) : { ok: true as const, value: [] };
  if (!tools.ok) return tools;
  const legacy = b.functions ? decodeFunctions(b.functions) : { ok: true as const, value: [] };
  if (!legacy.ok) return legacy;
  let choice: ToolChoice | undefined;
  if (isSet(b.tool_choice)) {
    const decoded = decodeToolChoice(b.tool_choice, warn);
    if (!decoded.ok) return decoded;
    choice = decoded.value;
  } else if (isSet(b.function_call)) {
    const decoded = decodeFunctionCall(b.function_call);
    if (!decoded.ok) return decoded;
    choice = decoded.value;
  }
  return { ok: true, value: { tools: [...tools.value, ...legacy.value], ...(choice ? { choice } : {}) } };
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

type Body = ChatRequestBody;

function decodeResponseFormat(format: NonNullable<Body['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const spec = format.json_schema;
  const out: ResponseFormat = { type: 'json_schema', name: spec.name, schema: spec.schema ?? {} };
  if (isSet(spec.strict)) out.strict = spec.strict;
  if (isSet(spec.description)) out.description = spec.description;
  return out;
}

/**
 * Chat clients that ask for reasoning read it back as DeepSeek-style `reasoning_content`
 * (clients that do not know the field ignore it), so the thoughts are requested too.
 */
function decodeReasoning(effort: NonNullable<Body['reasoning_effort']>): ReasoningConfig {
  if (effort === 'none') return { enabled: false };
  // Efforts above `high` exist only at OpenAI; the canonical scale tops out at high.
  if (effort === 'xhigh' || effort === 'max') return { enabled: true, effort: 'high', includeThoughts: true };
  return { enabled: true, effort, includeThoughts: true };
}
