import { z } from 'zod';

/**
 * The Anthropic Messages request as clients send it (Claude Code, the SDK). Optional
 * fields accept null because SDKs serialise unset fields that way. Being liberal in what
 * is accepted, roles, block types, tool types, thinking types and top-level fields this
 * gateway does not know are not rejected here: the decoders map or drop them with a
 * warning (request-decode.ts, message-decode.ts). What the real API itself rejects (a
 * text block without text, a number that is a string) is still a 400.
 */

export const cacheControlSchema = z
  .object({ type: z.literal('ephemeral'), ttl: z.string().nullish() })
  .nullish();

export const textBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema,
});

export const imageBlockSchema = z.object({
  type: z.literal('image'),
  source: z.looseObject({ type: z.string() }),
  cache_control: cacheControlSchema,
});

export const base64SourceSchema = z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() });
export const urlSourceSchema = z.object({ type: z.literal('url'), url: z.string() });

export const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  cache_control: cacheControlSchema,
});

const anyBlockSchema = z.looseObject({ type: z.string() });

export const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(anyBlockSchema)]).nullish(),
  is_error: z.boolean().nullish(),
  cache_control: cacheControlSchema,
});

export const thinkingBlockSchema = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().nullish(),
});

export const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

/** A document block's source; only plain text ("text") and text blocks ("content") become text. */
export const documentBlockSchema = z.object({
  type: z.literal('document'),
  source: z.looseObject({ type: z.string() }),
  cache_control: cacheControlSchema,
});

export const textSourceSchema = z.object({ type: z.literal('text'), data: z.string() });
export const contentSourceSchema = z.object({ type: z.literal('content'), content: z.union([z.string(), z.array(anyBlockSchema)]) });

/** `role` is checked by the decoder: besides user and assistant, Claude Code sends `system`. */
export const messageSchema = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(anyBlockSchema)]),
});

export const customToolSchema = z.object({
  type: z.literal('custom').nullish(),
  name: z.string(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().nullish(),
  cache_control: cacheControlSchema,
});

/** Anthropic's web search server tool (web_search_20250305, web_search_2026...). */
export const webSearchToolSchema = z.object({
  type: z.string(),
  max_uses: z.number().int().nullish(),
  allowed_domains: z.array(z.string()).nullish(),
  blocked_domains: z.array(z.string()).nullish(),
});

const toolChoiceSchema = z.object({
  type: z.string(),
  name: z.string().nullish(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

/** Thinking types are read by the decoder; a type it does not know carries no reasoning settings. */
const thinkingSchema = z.looseObject({
  type: z.string(),
  budget_tokens: z.number().int().nullish(),
  display: z.string().nullish(),
});

const outputConfigSchema = z.object({
  effort: z.string().nullish(),
  format: z.looseObject({ type: z.string(), schema: z.record(z.string(), z.unknown()).nullish() }).nullish(),
});

export const requestSchema = z.object({
  model: z.string(),
  max_tokens: z.number().int().positive().nullish(),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(anyBlockSchema)]).nullish(),
  tools: z.array(z.looseObject({ type: z.string().nullish() })).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  thinking: thinkingSchema.nullish(),
  output_config: outputConfigSchema.nullish(),
  metadata: z.object({ user_id: z.string().nullish() }).nullish(),
  stream: z.boolean().nullish(),
});

/** The top-level fields the decoder reads; any other field is dropped with a warning. */
export const READ_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));

export type WireRequest = z.infer<typeof requestSchema>;
export type WireMessage = z.infer<typeof messageSchema>;
export type WireCacheControl = z.infer<typeof cacheControlSchema>;
