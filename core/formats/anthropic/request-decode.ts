import type {
  CanonicalRequest,
  ReasoningConfig,
  ReasoningEffort,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { cacheControlFromWire, decodeSystemText, type Warnings } from './block-decode.js';
import { decodeMessages } from './message-decode.js';
import { customToolSchema, READ_FIELDS, requestSchema, webSearchToolSchema, type WireRequest } from './request-schema.js';
import { invalid, parseAt, type Parsed } from './validation.js';

/** POST /v1/messages: the client's body as a canonical request. */
export function decodeRequest(body: unknown, _ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  return decode(body, true);
}

/**
 * POST /v1/messages/count_tokens takes the same body without `max_tokens` (and without
 * sampling or streaming options, which are ignored if present).
 */
export function decodeCountTokensRequest(body: unknown, _ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  return decode(body, false);
}

function decode(body: unknown, requireMaxTokens: boolean): Decoded<CanonicalRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: invalid([], 'the request body must be a JSON object') };
  }
  const parsed = parseAt(requestSchema, body, []);
  if (!parsed.ok) return parsed;
  const wire = parsed.value;
  if (requireMaxTokens && (wire.max_tokens === undefined || wire.max_tokens === null)) {
    return { ok: false, error: invalid(['max_tokens'], 'Field required') };
  }

  const warnings: Warnings = [];
  for (const [key, value] of Object.entries(body)) {
    if (!READ_FIELDS.has(key) && value !== null && value !== undefined) warnings.push(`${key}: not carried by translation; dropped`);
  }
  const system = decodeSystemText(wire.system, ['system'], 'the system prompt', warnings);
  if (!system.ok) return system;
  const messages = decodeMessages(wire.messages, warnings);
  if (!messages.ok) return messages;
  const tools = decodeTools(wire.tools, warnings);
  if (!tools.ok) return tools;
  const toolChoice = decodeToolChoice(wire.tool_choice, tools.value.custom, warnings);
  if (!toolChoice.ok) return toolChoice;

  const request: CanonicalRequest = {
    model: wire.model,
    system: system.value,
    messages: messages.value,
    stream: wire.stream === true,
  };
  // An empty list means no tools; some providers reject `tools: []`.
  if (tools.value.custom.length > 0) request.tools = tools.value.custom;
  if (tools.value.webSearch !== undefined) request.webSearch = tools.value.webSearch;
  if (toolChoice.value !== undefined) request.toolChoice = toolChoice.value;
  if (wire.tool_choice?.disable_parallel_tool_use === true) request.parallelToolCalls = false;
  if (wire.max_tokens != null) request.maxTokens = wire.max_tokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.top_k != null) request.topK = wire.top_k;
  if (wire.stop_sequences != null) request.stop = wire.stop_sequences;
  const reasoning = decodeReasoning(wire, warnings);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const format = wire.output_config?.format;
  if (format != null) {
    if (format.type === 'json_schema' && format.schema != null) request.responseFormat = { type: 'json_schema', name: 'response', schema: format.schema };
    else warnings.push(`output_config.format: format type '${format.type}' is not carried by translation; dropped`);
  }
  if (wire.metadata?.user_id != null) request.user = wire.metadata.user_id;
  if (warnings.length > 0) request.warnings = warnings;
  return { ok: true, value: request };
}

/** The system prompt's text; Anthropic accepts only text blocks there, anything else is dropped. */
interface DecodedTools {
  custom: ToolDefinition[];
  webSearch?: NonNullable<CanonicalRequest['webSearch']>;
}

/**
 * Custom tools become tool definitions (fields other providers have no use for, such as
 * defer_loading or input_examples, are ignored). Anthropic's server tools run inside
 * Anthropic: web search maps onto `webSearch`, which other formats carry as their own
 * search tool; the others (bash, code execution, web fetch, memory, tool search, ...) have
 * no equivalent elsewhere and are dropped.
 */
function decodeTools(tools: WireRequest['tools'], warnings: Warnings): Parsed<DecodedTools> {
  const out: DecodedTools = { custom: [] };
  if (tools === undefined || tools === null) return { ok: true, value: out };
  for (const [i, tool] of tools.entries()) {
    const type = tool.type ?? 'custom';
    if (type.startsWith('web_search_')) {
      const parsed = parseAt(webSearchToolSchema, tool, ['tools', i]);
      if (!parsed.ok) return parsed;
      const { max_uses, allowed_domains, blocked_domains } = parsed.value;
      out.webSearch = {
        ...(max_uses != null ? { maxUses: max_uses } : {}),
        ...(allowed_domains != null ? { allowedDomains: allowed_domains } : {}),
        ...(blocked_domains != null ? { blockedDomains: blocked_domains } : {}),
      };
      continue;
    }
    if (type !== 'custom') {
      warnings.push(`tools[${i}]: server tool type '${type}' runs inside Anthropic and is not carried by translation; dropped`);
      continue;
    }
    const parsed = parseAt(customToolSchema, tool, ['tools', i]);
    if (!parsed.ok) return parsed;
    const { name, description, input_schema, strict, cache_control } = parsed.value;
    const definition: ToolDefinition = { name, parameters: input_schema, ...cacheControlFromWire(cache_control) };
    if (description != null) definition.description = description;
    if (strict != null) definition.strict = strict;
    out.custom.push(definition);
  }
  return { ok: true, value: out };
}

function decodeToolChoice(choice: WireRequest['tool_choice'], tools: ToolDefinition[], warnings: Warnings): Parsed<ToolChoice | undefined> {
  if (choice === undefined || choice === null) return { ok: true, value: undefined };
  switch (choice.type) {
    case 'auto':
      return { ok: true, value: { type: 'auto' } };
    case 'none':
      return { ok: true, value: { type: 'none' } };
    case 'any':
      return { ok: true, value: { type: 'required' } };
    case 'tool':
      if (choice.name == null) return { ok: false, error: invalid(['tool_choice', 'name'], 'Field required') };
      // Naming a server tool that was dropped (or no tool at all) cannot be carried.
      if (!tools.some((t) => t.name === choice.name)) {
        warnings.push(`tool_choice.name: '${choice.name}' is not a custom tool carried by translation; dropped`);
        return { ok: true, value: undefined };
      }
      return { ok: true, value: { type: 'tool', name: choice.name } };
    default:
      warnings.push(`tool_choice.type: '${choice.type}' is not understood; dropped`);
      return { ok: true, value: undefined };
  }
}

const EFFORTS: Record<string, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

/** Reasoning from the thinking types this decoder knows; any other type carries none. */
function decodeReasoning(wire: WireRequest, warnings: Warnings): ReasoningConfig | undefined {
  const thinking = wire.thinking;
  if (thinking === undefined || thinking === null) return undefined;
  const includeThoughts = thinking.display !== 'omitted';
  switch (thinking.type) {
    case 'disabled':
      return { enabled: false };
    case 'enabled': {
      const reasoning: ReasoningConfig = { enabled: true, includeThoughts };
      if (thinking.budget_tokens != null) reasoning.budgetTokens = thinking.budget_tokens;
      return reasoning;
    }
    case 'adaptive':
    case 'between_tools': {
      // Adaptive thinking lets the model pick its budget; output_config.effort is the only hint.
      const reasoning: ReasoningConfig = { enabled: true, includeThoughts };
      const effort = wire.output_config?.effort;
      const mapped = effort != null ? EFFORTS[effort] : undefined;
      if (mapped !== undefined) reasoning.effort = mapped;
      return reasoning;
    }
    default:
      warnings.push(`thinking.type: '${thinking.type}' is not understood; no reasoning settings were carried`);
      return undefined;
  }
}
