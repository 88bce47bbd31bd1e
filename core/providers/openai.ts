import type { ProviderDescriptor } from './types.js';

export const openai: ProviderDescriptor = {
  id: 'openai',
  prefix: 'openai',
  name: 'OpenAI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.openai.com/v1',
  auth: 'bearer',
  models: [
    { id: 'gpt-5', contextWindow: 400000, inputPrice: 1.25, outputPrice: 10, cachedInputPrice: 0.125 },
    { id: 'gpt-5-mini', contextWindow: 400000, inputPrice: 0.25, outputPrice: 2, cachedInputPrice: 0.025 },
    { id: 'gpt-4.1', contextWindow: 1047576, inputPrice: 2, outputPrice: 8, cachedInputPrice: 0.5 },
    { id: 'gpt-4o', contextWindow: 128000, inputPrice: 2.5, outputPrice: 10, cachedInputPrice: 1.25 },
    { id: 'gpt-4o-mini', contextWindow: 128000, inputPrice: 0.15, outputPrice: 0.6, cachedInputPrice: 0.075 },
    { id: 'o3', contextWindow: 200000, inputPrice: 2, outputPrice: 8, cachedInputPrice: 0.5 },
  ],
};
