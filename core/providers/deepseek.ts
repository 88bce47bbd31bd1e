import type { ProviderDescriptor } from './types.js';

export const deepseek: ProviderDescriptor = {
  id: 'deepseek',
  prefix: 'deepseek',
  name: 'DeepSeek',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.deepseek.com/v1',
  auth: 'bearer',
  models: [
    { id: 'deepseek-chat', contextWindow: 128000, inputPrice: 0.28, outputPrice: 0.42, cachedInputPrice: 0.028 },
    { id: 'deepseek-reasoner', contextWindow: 128000, inputPrice: 0.28, outputPrice: 0.42, cachedInputPrice: 0.028 },
  ],
};
