import type { ProviderDescriptor } from './types.js';

export const gemini: ProviderDescriptor = {
  id: 'gemini',
  prefix: 'gemini',
  name: 'Google Gemini',
  tier: 'api-key',
  format: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  auth: 'x-goog-api-key',
  models: [
    { id: 'gemini-2.5-pro', contextWindow: 1048576, inputPrice: 1.25, outputPrice: 10, cachedInputPrice: 0.31 },
    { id: 'gemini-2.5-flash', contextWindow: 1048576, inputPrice: 0.3, outputPrice: 2.5, cachedInputPrice: 0.075 },
    { id: 'gemini-2.5-flash-lite', contextWindow: 1048576, inputPrice: 0.1, outputPrice: 0.4, cachedInputPrice: 0.025 },
  ],
};
