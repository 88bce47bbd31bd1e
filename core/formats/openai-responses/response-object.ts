import type { CanonicalError, StopReason, ToolDefinition, Usage } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { customToolNames } from '../custom-tools.js';
import { openaiErrorNames } from './errors.js';

/**
 * The Response object a client receives (non-streaming body, and the `response` carried by
 * response.created / response.completed / response.failed events). The request echo
 * fields are required by the OpenAI SDK's types, so they are filled from the client's request.
 */

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface Finish {
  status: ResponseStatus;
  incompleteDetails: { reason: 'max_output_tokens' | 'content_filter' } | null;
}

export function finishFromStopReason(stopReason: StopReason | undefined): Finish {
  switch (stopReason) {
    case 'max_tokens':
      return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
    case 'content_filter':
      return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
    default:
      return { status: 'completed', incompleteDetails: null };
  }
}

export function encodeUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Codes `response.error.code` may take (the SDK's ResponseError enum). */
export function responseErrorCode(error: CanonicalError): string {
  if (error.kind === 'rate_limit') return 'rate_limit_exceeded';
  if (error.kind === 'invalid_request') return 'invalid_prompt';
  return 'server_error';
}

/** Fields of the `error` stream event: the documented ones at the top level, plus the
 * nested `error` object the live API sends (which is what the official SDKs throw on). */
export function errorEventFields(error: CanonicalError): Record<string, unknown> {
  const names = openaiErrorNames(error.kind);
  return {
    code: names.code,
    message: error.message,
    param: null,
    error: { type: names.type, code: names.code, message: error.message, param: null },
  };
}

export interface ResponseObjectOptions {
  status: ResponseStatus;
  output: unknown[];
  usage: Usage | null;
  incompleteDetails?: Finish['incompleteDetails'];
  error?: CanonicalError;
}

export function responseObject(ctx: EncodeResponseContext, options: ResponseObjectOptions): Record<string, unknown> {
  const request = ctx.request;
  const format = request.responseFormat ?? { type: 'text' };
  return {
    id: `resp_${ctx.requestId}`,
    object: 'response',
    created_at: Math.floor(ctx.now / 1000),
    status: options.status,
    background: false,
    error: options.error ? { code: responseErrorCode(options.error), message: options.error.message } : null,
    incomplete_details: options.incompleteDetails ?? null,
    instructions: null,
    max_output_tokens: request.maxTokens ?? null,
    model: ctx.model,
    output: options.output,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: {
      effort: request.reasoning?.enabled ? (request.reasoning.effort ?? null) : null,
      summary: request.reasoning?.includeThoughts ? 'auto' : null,
    },
    store: false,
    temperature: request.temperature ?? null,
    text: { format },
    tool_choice: !request.toolChoice
      ? 'auto'
      : request.toolChoice.type === 'tool'
        ? { type: customToolNames(request.tools).has(request.toolChoice.name) ? 'custom' : 'function', name: request.toolChoice.name }
        : request.toolChoice.type,
    tools: toolsEcho(request),
    top_p: request.topP ?? null,
    truncation: 'disabled',
    usage: options.usage ? encodeUsage(options.usage) : null,
    user: request.user ?? null,
    metadata: {},
  };
}

/**
 * The client's tools as it declared them: grouped tools go back into their namespace tool
 * (whose description translation did not keep), web search as a web_search tool.
 */
function toolsEcho(request: EncodeResponseContext['request']): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const tool of request.tools ?? []) {
    if (!tool.namespaced) {
      out.push(toolEcho(tool, tool.name));
      continue;
    }
    let members = groups.get(tool.namespaced.namespace);
    if (!members) {
      members = [];
      groups.set(tool.namespaced.namespace, members);
      out.push({ type: 'namespace', name: tool.namespaced.namespace, description: '', tools: members });
    }
    members.push(toolEcho(tool, tool.namespaced.name));
  }
  const search = request.webSearch;
  if (search) out.push({ type: 'web_search', ...(search.allowedDomains ? { filters: { allowed_domains: search.allowedDomains } } : {}) });
  return out;
}

function toolEcho(tool: ToolDefinition, name: string): Record<string, unknown> {
  if (tool.custom) {
    return {
      type: 'custom',
      name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.custom.format ? { format: tool.custom.format } : {}),
    };
  }
  return {
    type: 'function',
    name,
    description: tool.description ?? null,
    parameters: tool.parameters,
    strict: tool.strict ?? false,
  };
}

export function messageItem(id: string, status: 'in_progress' | 'completed', texts: string[]): Record<string, unknown> {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: texts.map((text) => ({ type: 'output_text', text, annotations: [] })),
  };
}

export function reasoningItem(id: string, text: string | undefined, encrypted: string | undefined): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id,
    type: 'reasoning',
    summary: text === undefined ? [] : [{ type: 'summary_text', text }],
  };
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

/** `namespace` is set for a tool the client declared inside a namespace tool. */
export function functionCallItem(
  id: string,
  status: 'in_progress' | 'completed',
  call: { callId: string; name: string; namespace?: string | undefined; arguments: string },
): Record<string, unknown> {
  const item: Record<string, unknown> = { id, type: 'function_call', status, arguments: call.arguments, call_id: call.callId, name: call.name };
  if (call.namespace !== undefined) item.namespace = call.namespace;
  return item;
}

/** A call to a custom tool: its free text goes in `input` (ids `ctc_...`, as the API's). */
export function customToolCallItem(
  id: string,
  status: 'in_progress' | 'completed',
  call: { callId: string; name: string; namespace?: string | undefined; input: string },
): Record<string, unknown> {
  const item: Record<string, unknown> = { id, type: 'custom_tool_call', status, call_id: call.callId, name: call.name, input: call.input };
  if (call.namespace !== undefined) item.namespace = call.namespace;
  return item;
}
