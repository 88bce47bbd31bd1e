import { z } from 'zod';
import type { CanonicalRequest, ReasoningConfig, ReasoningEffort, ResponseFormat } from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { decodeInput } from './input-decode.js';
import { NamespaceNames } from './namespace-tools.js';
import { parseAt, RequestError } from './request-error.js';
import { decodeToolChoice, decodeTools } from './tools-decode.js';

/**
 * Client wire body (POST /v1/responses) -> CanonicalRequest. Fields the canonical model has
 * no place for (store, include, prompt_cache_key, service_tier, text.verbosity, metadata, ...)
 * are accepted and left behind: they matter only to OpenAI, which gets the body untouched.
 */

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
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };
  // Tools first: calls in the history are named after the grouped tools they declare.
  const decodedTools = wire.tools != null ? decodeTools(wire.tools, warn) : undefined;
  const { system, messages } = decodeInput(wire.input, { names: decodedTools?.names ?? new NamespaceNames([]), warn });
  if (wire.instructions != null && wire.instructions !== '') system.unshift({ type: 'text', text: wire.instructions });

  const request: CanonicalRequest = { model: wire.model, system, messages, stream: wire.stream ?? false };
  if (decodedTools && decodedTools.tools.length > 0) request.tools = decodedTools.tools;
  if (decodedTools?.webSearch) request.webSearch = decodedTools.webSearch;
  if (wire.tool_choice !== undefined && wire.tool_choice !== null) {
    const choice = decodeToolChoice(wire.tool_choice, warn);
    if (choice) request.toolChoice = choice;
  }
  if (wire.parallel_tool_calls != null) request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.max_output_tokens != null) request.maxTokens = wire.max_output_tokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.text?.format != null) request.responseFormat = decodeFormat(wire.text.format);
  if (wire.reasoning != null) request.reasoning = decodeReasoning(wire.reasoning);
  if (wire.user != null && wire.user !== '') request.user = wire.user;
  if (warnings.length > 0) request.warnings = warnings;
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
