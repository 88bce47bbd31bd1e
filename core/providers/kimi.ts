import type { ProviderDescriptor } from './types.js';

export const kimi: ProviderDescriptor = {
  id: 'kimi',
  prefix: 'kimi',
  name: 'Moonshot Kimi',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.moonshot.ai/v1',
  auth: 'bearer',
  models: [
    { id: 'kimi-k2-0905-preview', contextWindow: 262144, inputPrice: 0.6, outputPrice: 2.5, cachedInputPrice: 0.15 },
    { id: 'kimi-k2-turbo-preview', contextWindow: 262144, inputPrice: 1.15, outputPrice: 8, cachedInputPrice: 0.15 },
  ],
};
