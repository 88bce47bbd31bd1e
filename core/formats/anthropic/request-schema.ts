import { z } from 'zod';

/**
 * The Anthropic Messages request as clients send it (Claude Code, the SDK). Optional
 * fields accept null because SDKs serialise unset fields that way; fields the gateway
 * does not use are stripped, not rejected. Content blocks are validated one by one in
 * message-decode.ts so an unsupported block type gets an error naming it.
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

export const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
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

const toolChoiceSchema = z.object({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().nullish(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

const thinkingDisplay = z.enum(['summarized', 'omitted']).nullish();

const thinkingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int(), display: thinkingDisplay }),
  z.object({ type: z.literal('disabled') }),
  z.object({ type: z.literal('adaptive'), display: thinkingDisplay }),
  z.object({ type: z.literal('between_tools') }),
]);

const outputConfigSchema = z.object({
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  format: z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
});

export const requestSchema = z.object({
  model: z.string(),
  max_tokens: z.number().int().positive().nullish(),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(textBlockSchema)]).nullish(),
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

export type WireRequest = z.infer<typeof requestSchema>;
export type WireMessage = z.infer<typeof messageSchema>;
export type WireCacheControl = z.infer<typeof cacheControlSchema>;
