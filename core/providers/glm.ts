import type { ProviderDescriptor } from './types.js';

export const glm: ProviderDescriptor = {
  id: 'glm',
  prefix: 'glm',
  name: 'Zhipu GLM',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.z.ai/api/paas/v4',
  auth: 'bearer',
  models: [
    { id: 'glm-4.6', contextWindow: 200000, inputPrice: 0.6, outputPrice: 2.2, cachedInputPrice: 0.11 },
    { id: 'glm-4.5-air', contextWindow: 128000, inputPrice: 0.2, outputPrice: 1.1, cachedInputPrice: 0.03 },
  ],
};
