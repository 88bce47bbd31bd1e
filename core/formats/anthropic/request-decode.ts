import type {
  CanonicalRequest,
  ReasoningConfig,
  ReasoningEffort,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { cacheControlFromWire, decodeMessages, decodeTextBlock } from './message-decode.js';
import { customToolSchema, requestSchema, type WireRequest } from './request-schema.js';
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

  const system = decodeSystem(wire.system);
  if (!system.ok) return system;
  const messages = decodeMessages(wire.messages);
  if (!messages.ok) return messages;
  const tools = decodeTools(wire.tools);
  if (!tools.ok) return tools;
  const toolChoice = decodeToolChoice(wire.tool_choice);
  if (!toolChoice.ok) return toolChoice;

  const request: CanonicalRequest = {
    model: wire.model,
    system: system.value,
    messages: messages.value,
    stream: wire.stream === true,
  };
  // An empty list means no tools; some providers reject `tools: []`.
  if (tools.value !== undefined && tools.value.length > 0) request.tools = tools.value;
  if (toolChoice.value !== undefined) request.toolChoice = toolChoice.value;
  if (wire.tool_choice?.disable_parallel_tool_use === true) request.parallelToolCalls = false;
  if (wire.max_tokens != null) request.maxTokens = wire.max_tokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.top_k != null) request.topK = wire.top_k;
  if (wire.stop_sequences != null) request.stop = wire.stop_sequences;
  const reasoning = decodeReasoning(wire);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const format = wire.output_config?.format;
  if (format != null) request.responseFormat = { type: 'json_schema', name: 'response', schema: format.schema };
  if (wire.metadata?.user_id != null) request.user = wire.metadata.user_id;
  return { ok: true, value: request };
}

function decodeSystem(system: WireRequest['system']): Parsed<TextPart[]> {
  if (system === undefined || system === null) return { ok: true, value: [] };
  if (typeof system === 'string') return { ok: true, value: system === '' ? [] : [{ type: 'text', text: system }] };
  const out: TextPart[] = [];
  for (const [i, block] of system.entries()) {
    const part = decodeTextBlock(block, ['system', i]);
    if (!part.ok) return part;
    out.push(part.value);
  }
  return { ok: true, value: out };
}

function decodeTools(tools: WireRequest['tools']): Parsed<ToolDefinition[] | undefined> {
  if (tools === undefined || tools === null) return { ok: true, value: undefined };
  const out: ToolDefinition[] = [];
  for (const [i, tool] of tools.entries()) {
    // Anthropic's server tools (web_search_20250305, bash_20250124, ...) run inside
    // Anthropic and have no equivalent at other providers.
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      return {
        ok: false,
        error: invalid(['tools', i, 'type'], `tool type '${tool.type}' is not supported by this gateway; send custom tools (name, description, input_schema)`),
      };
    }
    const parsed = parseAt(customToolSchema, tool, ['tools', i]);
    if (!parsed.ok) return parsed;
    const { name, description, input_schema, strict, cache_control } = parsed.value;
    const definition: ToolDefinition = { name, parameters: input_schema, ...cacheControlFromWire(cache_control) };
    if (description != null) definition.description = description;
    if (strict != null) definition.strict = strict;
    out.push(definition);
  }
  return { ok: true, value: out };
}

function decodeToolChoice(choice: WireRequest['tool_choice']): Parsed<ToolChoice | undefined> {
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
      return { ok: true, value: { type: 'tool', name: choice.name } };
  }
}

const EFFORTS: Record<string, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

function decodeReasoning(wire: WireRequest): ReasoningConfig | undefined {
  const thinking = wire.thinking;
  if (thinking === undefined || thinking === null) return undefined;
  if (thinking.type === 'disabled') return { enabled: false };
  const includeThoughts = !('display' in thinking && thinking.display === 'omitted');
  if (thinking.type === 'enabled') return { enabled: true, budgetTokens: thinking.budget_tokens, includeThoughts };
  // Adaptive thinking lets the model pick its budget; output_config.effort is the only hint.
  const effort = wire.output_config?.effort;
  const reasoning: ReasoningConfig = { enabled: true, includeThoughts };
  if (effort != null) {
    const mapped = EFFORTS[effort];
    if (mapped !== undefined) reasoning.effort = mapped;
  }
  return reasoning;
}
