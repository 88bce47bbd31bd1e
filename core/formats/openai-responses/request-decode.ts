import { z } from 'zod';
import type {
  CanonicalRequest,
  ReasoningConfig,
  ReasoningEffort,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { customToolDefinition } from '../custom-tools.js';
import { decodeInput } from './input-decode.js';
import { parseAt, RequestError } from './request-error.js';

/** Client wire body (POST /v1/responses) -> CanonicalRequest. */

const RequestBody = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]),
  instructions: z.string().nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning: z
    .object({
      effort: z.string().nullish(),
      summary: z.string().nullish(),
      // The older spelling of `summary`, still accepted by the API.
      generate_summary: z.string().nullish(),
    })
    .nullish(),
  text: z.object({ format: z.unknown().optional() }).nullish(),
  stream: z.boolean().nullish(),
  user: z.string().nullish(),
  previous_response_id: z.string().nullish(),
});

const FunctionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const CustomTool = z.object({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
  format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('grammar'), syntax: z.enum(['lark', 'regex']), definition: z.string() }),
    ])
    .nullish(),
});

const TextFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

const ToolChoiceObject = z.object({ type: z.string(), name: z.string().optional() });

const TypedTool = z.object({ type: z.string() });

function decodeTools(tools: unknown[]): ToolDefinition[] {
  return tools.map((raw, i) => {
    const path = `tools[${i}]`;
    const head = parseAt(TypedTool, raw, path);
    if (head.type === 'custom') {
      const tool = parseAt(CustomTool, raw, path);
      return customToolDefinition({
        name: tool.name,
        ...(tool.description != null ? { description: tool.description } : {}),
        ...(tool.format != null ? { format: tool.format } : {}),
      });
    }
    if (head.type !== 'function') {
      throw new RequestError(`${path}.type: tool type '${head.type}' is not supported by this gateway; only 'function' and 'custom' tools are`);
    }
    const tool = parseAt(FunctionTool, raw, path);
    const out: ToolDefinition = { name: tool.name, parameters: tool.parameters ?? { type: 'object', properties: {} } };
    if (tool.description != null) out.description = tool.description;
    if (tool.strict != null) out.strict = tool.strict;
    return out;
  });
}

function decodeToolChoice(raw: unknown): ToolChoice {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { type: raw };
  if (typeof raw === 'string') throw new RequestError(`tool_choice: expected 'auto', 'none', 'required' or {type:'function', name}, got '${raw}'`);
  const choice = parseAt(ToolChoiceObject, raw, 'tool_choice');
  if (choice.type !== 'function' && choice.type !== 'custom') {
    throw new RequestError(`tool_choice.type: tool_choice type '${choice.type}' is not supported by this gateway; use 'function' or 'custom'`);
  }
  if (choice.name === undefined || choice.name === '') throw new RequestError('tool_choice.name: required');
  return { type: 'tool', name: choice.name };
}

function decodeFormat(raw: unknown): ResponseFormat {
  const format = parseAt(TextFormat, raw, 'text.format');
  if (format.type !== 'json_schema') return { type: format.type };
  const out: ResponseFormat = { type: 'json_schema', name: format.name, schema: format.schema };
  if (format.strict != null) out.strict = format.strict;
  if (format.description != null) out.description = format.description;
  return out;
}

const EFFORTS: readonly string[] = ['minimal', 'low', 'medium', 'high'];

function decodeReasoning(raw: NonNullable<z.output<typeof RequestBody>['reasoning']>): ReasoningConfig {
  if (raw.effort === 'none') return { enabled: false };
  const out: ReasoningConfig = { enabled: true };
  if (raw.effort != null) {
    // Efforts above `high` (xhigh and later additions) map onto the top canonical level.
    out.effort = EFFORTS.includes(raw.effort) ? (raw.effort as ReasoningEffort) : 'high';
  }
  const summary = raw.summary ?? raw.generate_summary;
  if (summary != null) out.includeThoughts = true;
  return out;
}

function decode(body: unknown): CanonicalRequest {
  if (typeof body === 'object' && body !== null && 'previous_response_id' in body) {
    const previous = (body as { previous_response_id?: unknown }).previous_response_id;
    if (previous !== null && previous !== undefined && previous !== '') {
      throw new RequestError(
        'previous_response_id: this gateway is stateless and keeps no earlier responses; send the full conversation in input (with store: false) instead',
      );
    }
  }
  const wire = parseAt(RequestBody, body, '');
  const { system, messages } = decodeInput(wire.input);
  if (wire.instructions != null && wire.instructions !== '') system.unshift({ type: 'text', text: wire.instructions });

  const request: CanonicalRequest = { model: wire.model, system, messages, stream: wire.stream ?? false };
  if (wire.tools != null && wire.tools.length > 0) request.tools = decodeTools(wire.tools);
  if (wire.tool_choice !== undefined && wire.tool_choice !== null) request.toolChoice = decodeToolChoice(wire.tool_choice);
  if (wire.parallel_tool_calls != null) request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.max_output_tokens != null) request.maxTokens = wire.max_output_tokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.text?.format != null) request.responseFormat = decodeFormat(wire.text.format);
  if (wire.reasoning != null) request.reasoning = decodeReasoning(wire.reasoning);
  if (wire.user != null && wire.user !== '') request.user = wire.user;
  return request;
}

export function decodeRequest(body: unknown, _ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  try {
    return { ok: true, value: decode(body) };
  } catch (error) {
    if (error instanceof RequestError) return { ok: false, error: error.error };
    throw error;
  }
}
