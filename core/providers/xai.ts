import type { ProviderDescriptor } from './types.js';

export const xai: ProviderDescriptor = {
  id: 'xai',
  prefix: 'xai',
  name: 'xAI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.x.ai/v1',
  auth: 'bearer',
  models: [
    { id: 'grok-4', contextWindow: 256000, inputPrice: 3, outputPrice: 15, cachedInputPrice: 0.75 },
    { id: 'grok-code-fast-1', contextWindow: 256000, inputPrice: 0.2, outputPrice: 1.5, cachedInputPrice: 0.02 },
  ],
};
