import { z } from 'zod';

/**
 * The top-level Chat Completions body; messages are validated one by one in message-decode,
 * tools and tool_choice in tools-decode. Fields the canonical model has no place for (store,
 * metadata, service_tier, prediction, modalities, audio, verbosity, prompt_cache_key,
 * safety_identifier, ...) are accepted and left behind: only OpenAI reads them, and it gets
 * the body untouched.
 */

export const functionSchema = z.object({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveInt = z.number().int().positive();

export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.unknown()).min(1, { error: 'must contain at least one message' }),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  // The legacy spelling of tools and tool_choice, still accepted by the API.
  functions: z.array(z.unknown()).nullish(),
  function_call: z.unknown().optional(),
  web_search_options: z.record(z.string(), z.unknown()).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())], { error: 'expected a string or an array of strings' }).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  response_format: responseFormatSchema.nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().nullish(),
  n: z.number().int().nullish(),
});

export type ChatRequestBody = z.infer<typeof chatRequestSchema>;
