import type { ProviderDescriptor } from './types.js';

export const openrouter: ProviderDescriptor = {
  id: 'openrouter',
  prefix: 'openrouter',
  name: 'OpenRouter',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://openrouter.ai/api/v1',
  auth: 'bearer',
  models: [
    { id: 'anthropic/claude-sonnet-4.5', contextWindow: 1000000, inputPrice: 3, outputPrice: 15 },
    { id: 'openai/gpt-5', contextWindow: 400000, inputPrice: 1.25, outputPrice: 10 },
    { id: 'qwen/qwen3-coder', contextWindow: 262144, inputPrice: 0.22, outputPrice: 0.95 },
  ],
};
