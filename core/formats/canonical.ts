/**
 * The canonical model: one representation of a chat request, response and stream that
 * every wire format decodes into and encodes from. It is shaped after the richest format
 * (Anthropic Messages: typed content blocks, thinking with signatures, cache control) so
 * that nothing a client sent is lost on the way to a provider that speaks another format.
 *
 * Token semantics follow OpenAI: `inputTokens` counts every prompt token (cached ones
 * included) and `outputTokens` counts every generated token (reasoning included). Codecs
 * whose wire format counts differently (Anthropic excludes cache reads from input_tokens,
 * Gemini excludes thoughts from candidatesTokenCount) convert at their edge.
 */

export type WireFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini' | 'ollama';

export const WIRE_FORMATS: readonly WireFormat[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ollama'];

/**
 * Ollama's native API serves a conversation at /api/chat and a single prompt at /api/generate;
 * both are the 'ollama' wire format, and the route tells the codec which one the client called.
 */
export type OllamaEndpoint = 'chat' | 'generate';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail` hint; other formats ignore it. */
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

/**
 * Model reasoning. A signature is opaque and only valid at the provider family that
 * issued it, so `origin` records which wire format produced it; encoders send a
 * signature back only to the format named in `origin` and otherwise drop the signature
 * (or, where the target needs one, the whole block).
 */
export interface ThinkingPart {
  type: 'thinking';
  text: string;
  signature?: string;
  origin?: WireFormat;
}

/** Anthropic's encrypted reasoning; meaningful only to Anthropic. */
export interface RedactedThinkingPart {
  type: 'redacted_thinking';
  data: string;
}

export interface ToolCallPart {
  type: 'tool_call';
  /** Call id; formats without ids (older Gemini) get one minted by the decoder. */
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
  /** Gemini's thoughtSignature that came attached to this call, if any. */
  signature?: string;
  origin?: WireFormat;
  cacheControl?: CacheControl;
}

export interface ToolResultPart {
  type: 'tool_result';
  toolCallId: string;
  /** The called function's name; Gemini needs it, decoders fill it from the matching call. */
  name: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | ThinkingPart
  | RedactedThinkingPart
  | ToolCallPart
  | ToolResultPart;

export type AssistantPart = TextPart | ThinkingPart | RedactedThinkingPart | ToolCallPart;

/**
 * System prompts live in `CanonicalRequest.system`; tool results are parts of a user
 * message (as in Anthropic), and encoders for formats with a separate tool role split
 * them out.
 */
export interface CanonicalMessage {
  /**
   * `system` is an instruction placed at this point of the conversation (Claude Code sends
   * `role: "system"` inside `messages`; OpenAI allows system/developer messages anywhere).
   * Its content is text parts only. Encoders whose format has no such message put it where
   * the format keeps instructions (Gemini: systemInstruction).
   */
  role: 'user' | 'assistant' | 'system';
  content: ContentPart[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
  /**
   * Set when the client defined an OpenAI Responses `custom` tool (free-text input, e.g.
   * Codex's apply_patch). Such a tool is still a function tool here: `parameters` is the
   * schema {input: string} and its calls carry arguments `{"input": <text>}`, so formats
   * without custom tools need nothing special; the Responses encoders use this marker to
   * restore the custom form. `format` is the tool's input format (text or grammar), as sent.
   * See core/formats/custom-tools.ts.
   */
  custom?: { format?: Record<string, unknown> };
  /**
   * Set when the client declared this tool inside an OpenAI Responses `namespace` tool (Codex
   * groups MCP servers' tools so). `name` is then a flattened name every provider accepts,
   * and this holds the namespace and the tool's own name, which the Responses encoders put
   * back on its calls. See core/formats/openai-responses/namespace-tools.ts.
   */
  namespaced?: { namespace: string; name: string };
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/**
 * What the client asked of the model's reasoning. `effort` and `budgetTokens` are two
 * views of the same knob; encoders convert with `effortToBudget` / `budgetToEffort`.
 */
export interface ReasoningConfig {
  enabled: boolean;
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Whether the client wants reasoning text back (Gemini includeThoughts, Responses summary). */
  includeThoughts?: boolean;
}

export interface CanonicalRequest {
  /** The model as the client named it (routing rewrites it before encoding). */
  model: string;
  system: TextPart[];
  messages: CanonicalMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningConfig;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: the client wants a final usage chunk. */
  includeUsage?: boolean;
  /** OpenAI end-user id / Anthropic metadata.user_id. */
  user?: string;
  /**
   * Set by the Ollama decoder when the client called /api/generate: it sent one prompt and
   * reads the answer as `response` text, not as a chat `message`. Only the Ollama encoders
   * read it; every other format treats the request as the conversation it decoded into.
   */
  ollamaEndpoint?: OllamaEndpoint;
  /**
   * The client enabled its provider's own web search tool (Anthropic web_search_*, Responses
   * web_search, Gemini googleSearch). Encoders emit their format's search tool where it has
   * one and otherwise drop it with a warning.
   */
  webSearch?: { maxUses?: number; allowedDomains?: string[]; blockedDomains?: string[] };
  /**
   * What the decoder dropped or changed because the canonical model cannot carry it (an
   * unknown block type, a provider-side tool): one short sentence each, naming the field.
   * The pipeline reports them in `x-omniroute-warnings` and the request log. Being liberal
   * in what is accepted means these are warnings, never a 400.
   */
  warnings?: string[];
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens served from cache (part of inputTokens). */
  cachedInputTokens?: number;
  /** Prompt tokens written to cache (part of inputTokens). */
  cacheWriteTokens?: number;
  /** Reasoning tokens (part of outputTokens). */
  reasoningTokens?: number;
}

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filter'
  | 'refusal'
  | 'pause_turn'
  | 'error';

export interface CanonicalResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  content: AssistantPart[];
  stopReason: StopReason;
  stopSequence?: string;
  usage: Usage;
}

/** An error as the gateway reports it to a client, before shaping into a format. */
export interface CanonicalError {
  status: number;
  /**
   * A format-neutral kind, mapped by each codec onto its own type names:
   * invalid_request, authentication, permission, not_found, request_too_large,
   * rate_limit, overloaded, api_error, timeout.
   */
  kind: ErrorKind;
  message: string;
  /** Seconds the client should wait, when known (sent as Retry-After). */
  retryAfter?: number;
}

export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'overloaded'
  | 'api_error'
  | 'timeout';

// ---------------------------------------------------------------------------------------
// Streaming. Decoders turn an upstream's SSE events into this sequence; encoders turn it
// into a client's SSE events. The grammar every decoder guarantees:
//
//   start (part_start delta* part_end)* usage* finish usage* end
//
// with `error` allowed anywhere in place of the rest. Parts are numbered 0, 1, 2, ... in
// the order they start and at most one part is open at a time (decoders close the open
// part before starting the next), which is what Anthropic's block grammar needs and what
// the others tolerate. `usage` events carry everything known so far; later values win.
// A `signature` delta belongs to a thinking part; a tool call's signature (Gemini's
// thoughtSignature on a functionCall) rides on its part_start instead, because an encoder
// may have to write it before the call (Anthropic: an empty thinking block ahead of the
// tool_use) and the decoders that have one get it with the whole call.
// ---------------------------------------------------------------------------------------

export type PartStart =
  | { type: 'text' }
  | { type: 'thinking'; origin?: WireFormat }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_call'; id: string; name: string; signature?: string; origin?: WireFormat };

export type PartDelta =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'signature'; signature: string; origin?: WireFormat }
  | { type: 'arguments'; json: string };

export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'part_start'; index: number; part: PartStart }
  | { type: 'delta'; index: number; delta: PartDelta }
  | { type: 'part_end'; index: number }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; stopReason: StopReason; stopSequence?: string }
  | { type: 'end' }
  | { type: 'error'; error: CanonicalError };

// ---------------------------------------------------------------------------------------
// Small pure helpers every codec shares.
// ---------------------------------------------------------------------------------------

const EFFORT_BUDGETS: Record<ReasoningEffort, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

export function effortToBudget(effort: ReasoningEffort): number {
  return EFFORT_BUDGETS[effort];
}

export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= EFFORT_BUDGETS.minimal) return 'minimal';
  if (budget <= EFFORT_BUDGETS.low) return 'low';
  if (budget <= EFFORT_BUDGETS.medium) return 'medium';
  return 'high';
}

/** Fills in `name` on tool results from the assistant call they answer. */
export function toolNamesById(messages: CanonicalMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'tool_call') names.set(part.id, part.name);
    }
  }
  return names;
}

/** Folds a usage event into what was known before (later non-undefined values win). */
export function mergeUsage(known: Usage, update: Partial<Usage>): Usage {
  return assignUsage({ ...known }, update);
}

/** Copies the counts `update` reports onto `target` in place (undefined means not reported). */
export function assignUsage<T extends Partial<Usage>>(target: T, update: Partial<Usage>): T {
  for (const key of Object.keys(update) as Array<keyof Usage>) {
    const value = update[key];
    if (value !== undefined) target[key] = value;
  }
  return target;
}

/** The kind an upstream error belongs to, from its HTTP status (every provider agrees). */
export function errorKindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'invalid_request';
    case 401:
      return 'authentication';
    case 403:
      return 'permission';
    case 404:
      return 'not_found';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit';
    case 503:
    case 529:
      return 'overloaded';
    case 408:
    case 504:
      return 'timeout';
    default:
      return 'api_error';
  }
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 };
}
