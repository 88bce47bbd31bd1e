import { z } from 'zod';

/**
 * The bodies of Ollama's POST /api/chat and /api/generate (api/types.go ChatRequest,
 * GenerateRequest). Messages and tools are validated one by one in message-decode and
 * tools-decode. Fields the canonical model has no place for (keep_alive, truncate, shift,
 * logprobs, top_logprobs, template, context, ...) are accepted and left behind: only an Ollama
 * upstream reads them, and it gets the /api/chat body untouched.
 */

/** `think`: a bool, or a level for models that take one (gpt-oss). */
export const thinkSchema = z.union([z.boolean(), z.enum(['low', 'medium', 'high', 'max'])], {
  error: `expected true, false, 'low', 'medium', 'high' or 'max'`,
});

export type ThinkValue = z.infer<typeof thinkSchema>;

/** `format`: 'json', a JSON schema object, or empty (no constraint). */
export const formatSchema = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: `expected 'json' or a JSON schema object`,
});

const stringArray = z.array(z.string());

/**
 * The model options the canonical request carries; any other option (num_ctx, repeat_penalty,
 * mirostat, ...) is reported as dropped when translating. Ollama reads integers from JSON
 * numbers, so an integer option with a fraction is truncated the way Ollama does.
 */
export const optionsSchema = z
  .object({
    temperature: z.number().nullish(),
    top_p: z.number().nullish(),
    top_k: z.number().nullish(),
    num_predict: z.number().nullish(),
    stop: z.union([z.string(), stringArray], { error: 'expected a string or an array of strings' }).nullish(),
    seed: z.number().nullish(),
    presence_penalty: z.number().nullish(),
    frequency_penalty: z.number().nullish(),
  })
  .loose();

export type OllamaOptions = z.infer<typeof optionsSchema>;

/** What both endpoints share. `stream` is true when absent, unlike OpenAI. */
const common = {
  // Ollama's own message for a missing model.
  model: z.string({ error: 'model is required' }).min(1, { error: 'model is required' }),
  stream: z.boolean().nullish(),
  format: formatSchema.nullish(),
  options: optionsSchema.nullish(),
  think: thinkSchema.nullish(),
};

export const chatRequestSchema = z.object({
  ...common,
  // Empty: Ollama loads the model and answers with done_reason 'load'.
  messages: z.array(z.unknown()).nullish(),
  tools: z.array(z.unknown()).nullish(),
});

export const generateRequestSchema = z.object({
  ...common,
  prompt: z.string().nullish(),
  suffix: z.string().nullish(),
  system: z.string().nullish(),
  images: z.array(z.string()).nullish(),
  raw: z.boolean().nullish(),
  template: z.string().nullish(),
  context: z.array(z.number()).nullish(),
});

export type ChatRequestBody = z.infer<typeof chatRequestSchema>;
export type GenerateRequestBody = z.infer<typeof generateRequestSchema>;
