import type { ProviderDescriptor } from './types.js';

/**
 * Featherless: a flat monthly plan with unlimited tokens, limited by concurrent requests and
 * model size (the basic plan runs models up to 15B parameters, so a small model comes first).
 * An account on it is best set to subscription billing, since no per-token price applies.
 */
export const featherless: ProviderDescriptor = {
  id: 'featherless',
  prefix: 'featherless',
  name: 'Featherless',
  tier: 'subscription',
  format: 'openai-chat',
  baseUrl: 'https://api.featherless.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://featherless.ai/docs/overview',
  keyUrl: 'https://featherless.ai/account/api-keys',
  models: [
    { id: 'Qwen/Qwen3-8B', contextWindow: 32768 },
    { id: 'Qwen/Qwen3-32B', contextWindow: 32768 },
    { id: 'meta-llama/Llama-3.3-70B-Instruct', contextWindow: 32768 },
    { id: 'deepseek-ai/DeepSeek-V3-0324', contextWindow: 32768 },
  ],
};
