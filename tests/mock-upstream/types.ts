// Public types of the mock upstream plus the neutral model its format handlers share.
import type { Json } from './narrow.js';
import type { UsageEndpoint } from './usage-endpoint.js';

/**
 * Which real API a request addresses. Faults match on it, so a rule for 'openai-chat' never
 * hits an embeddings call. The error shape follows the API's family (formats.ts).
 */
export type MockFormat =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic'
  | 'gemini'
  | 'openai-embeddings'
  | 'openai-images'
  | 'openai-transcriptions'
  | 'openai-speech'
  | 'openai-moderations'
  | 'rerank'
  | 'gemini-embed'
  | 'ollama';

/** How startMockUpstream is configured; every field is optional. */
export interface MockOptions {
  /** Secret behind thought signatures and encrypted reasoning; random by default. */
  signingSecret?: string;
  /** Port to listen on (127.0.0.1 only); 0, the default, picks a free one. */
  port?: number;
  /**
   * false: a missing API key is accepted on every route, as local servers (LM Studio,
   * llama.cpp, vLLM, Ollama's /v1) do. Default true. Ollama's native /api routes never ask.
   */
  requireKey?: boolean;
  /**
   * The models this instance has "pulled", Ollama names such as 'llama3.2:latest'. Given,
   * GET /v1/models lists them as Ollama does and /v1/chat/completions and /v1/embeddings
   * answer Ollama's 404 for any other model. Absent, /api/tags lists two defaults
   * (ollama-models.ts) and the /v1 routes keep the OpenAI catalogue.
   */
  ollamaModels?: string[];
}

/** A file that arrived in a multipart upload, measured while it streamed in. */
export interface UploadRecord {
  /** The form field that carried it (`file` for transcriptions). */
  field: string;
  filename: string;
  contentType: string;
  /** Bytes received. */
  bytes: number;
  /** Hex SHA-256 of the bytes received, so a test can prove the upload arrived intact. */
  sha256: string;
}

export interface NeutralUsage {
  input: number;
  output: number;
  cached: number;
  reasoning: number;
  /** Prompt tokens written to the prompt cache (Anthropic, when the request set cache_control). */
  cacheWrite?: number;
}

export interface RecordedRequest {
  format: MockFormat;
  path: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  apiKey: string;
  model: string;
  stream: boolean;
  /**
   * Parsed JSON body, the raw text when it is not JSON, undefined when empty. For a
   * multipart upload: its text fields by name (a repeated name as an array), files in `uploads`.
   */
  body: unknown;
  /** Files of a multipart upload (audio transcriptions), in arrival order. */
  uploads?: UploadRecord[];
  /** Status sent to the client; 0 when the socket was dropped before any response byte. */
  status: number;
  /** What the mock reported as usage, neutral shape. */
  usage?: NeutralUsage;
  /** True when the client closed the connection before the response finished. */
  aborted: boolean;
  /** Resolves when the response finished or was aborted. */
  done: Promise<void>;
}

export type FaultKind =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  | { kind: 'slow-first-byte'; ms: number }
  | { kind: 'drop-before-headers' }
  | { kind: 'drop-mid-stream'; afterEvents: number }
  | { kind: 'slow-stream'; delayMs: number; extraTextEvents?: number }
  /** A normal answer that also carries these headers (e.g. a provider's rate-limit windows). */
  | { kind: 'headers'; headers: Record<string, string> };

export interface FaultRule {
  match?: { format?: MockFormat; model?: string; apiKey?: string };
  /** How many matching requests this rule applies to; default 1. */
  times?: number;
  fault: FaultKind;
}

export interface MockUpstream {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** OpenRouter's GET /api/v1/key (usage-endpoint.ts); its reads are not in `requests`. */
  usage: UsageEndpoint;
  inject(fault: FaultRule): void;
  /** Clears recorded requests and queued faults. */
  reset(): void;
}

/** What the last user turn of a conversation holds, independent of wire format. */
export interface LastTurn {
  toolResults: string[];
  image?: { mediaType: string; bytes: number } | { url: string };
  text: string;
}

/** A tool the request offers, by the name the mock calls it with, and its parameters' JSON schema ({} when it has none). */
export interface OfferedTool {
  name: string;
  parameters: Json;
}

/** The facts the deterministic rules need, extracted by each format's validator. */
export interface Conversation {
  /** Every text that counts toward input usage (system, messages, tool results). */
  texts: string[];
  images: number;
  lastTurn: LastTurn;
  /** Name of the first callable function tool; undefined when none or tool use is off. */
  firstTool?: string;
  reasoning: boolean;
  /** Anthropic prompt caching asked for (a cache_control breakpoint), with its time to live. */
  cacheControl?: '5m' | '1h';
  /**
   * What the coding-agent rule (agent-task.ts) reads from the whole conversation, oldest first:
   * every callable tool offered (whatever tool_choice says), every user text (a message's or a
   * text block's), and every tool result.
   */
  offeredTools: OfferedTool[];
  userTexts: string[];
  toolResults: string[];
}

export interface ToolCallReply {
  name: string;
  arguments: string;
  /** Argument text split as it is streamed (at least three pieces). */
  argumentPieces: string[];
}

export interface Reply {
  reasoning?: string;
  text?: string;
  toolCall?: ToolCallReply;
  usage: NeutralUsage;
}

/** An HTTP answer in the wire format's own error shape. */
export interface HttpError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Ids and signatures a format handler mints while rendering; owned by one server. */
export interface RenderContext {
  nextId(prefix: string): string;
  now(): number;
  signer: Signer;
}

export interface Signer {
  anthropicSignature(thinking: string): string;
  verifyAnthropicSignature(thinking: string, signature: string): boolean;
  geminiSignature(): string;
  verifyGeminiSignature(signature: string): boolean;
  encryptedReasoning(text: string): string;
  verifyEncryptedReasoning(content: string): boolean;
  /** Reasoning item ids the server issued, accepted later as stored items. */
  issuedReasoningIds: Set<string>;
}

/** A stream as the frames written to the socket, one per SSE event (or JSON array element). */
export interface RenderedStream {
  contentType: string;
  frames: string[];
  /** Written after the last frame (e.g. the closing bracket of a JSON array stream). */
  trailer?: string;
}

export interface AcceptedRequest {
  model: string;
  stream: boolean;
  conversation: Conversation;
  renderJson(reply: Reply, ctx: RenderContext): unknown;
  renderStream(reply: Reply, ctx: RenderContext): RenderedStream;
  /** Extra response headers (e.g. request ids). */
  headers?: Record<string, string>;
}

export type Validation = { ok: true; request: AcceptedRequest } | { ok: false; error: HttpError };
