import { z } from 'zod';

/**
 * What Anthropic sends back, both the whole message and the streaming events. Only the
 * fields the gateway reads are checked; blocks of other types (server tool results,
 * citations) pass through as loose objects and are skipped by the decoders.
 */

const count = z.number().nullish();

export const wireUsageSchema = z.object({
  input_tokens: count,
  output_tokens: count,
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
  output_tokens_details: z.object({ thinking_tokens: count }).nullish(),
});

export type WireUsageIn = z.infer<typeof wireUsageSchema>;

export const contentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  thinking: z.string().optional(),
  signature: z.string().nullish(),
  data: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
});

export type WireContentBlock = z.infer<typeof contentBlockSchema>;

export const messageSchema = z.object({
  id: z.string(),
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: wireUsageSchema.nullish(),
});

export const errorEventSchema = z.object({
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).nullish(),
});

export const messageStartSchema = z.object({
  message: z.object({ id: z.string(), model: z.string().nullish(), usage: wireUsageSchema.nullish() }),
});

export const blockStartSchema = z.object({ index: z.number().int(), content_block: contentBlockSchema });

export const blockDeltaSchema = z.object({
  index: z.number().int(),
  delta: z.looseObject({
    type: z.string(),
    text: z.string().optional(),
    partial_json: z.string().optional(),
    thinking: z.string().optional(),
    signature: z.string().optional(),
  }),
});

export const blockStopSchema = z.object({ index: z.number().int() });

export const messageDeltaSchema = z.object({
  delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
  usage: wireUsageSchema.nullish(),
});
