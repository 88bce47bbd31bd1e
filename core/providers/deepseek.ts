import type { ProviderDescriptor } from './types.js';

export const deepseek: ProviderDescriptor = {
  id: 'deepseek',
  prefix: 'deepseek',
  name: 'DeepSeek',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.deepseek.com/v1',
  auth: 'bearer',
  docsUrl: 'https://api-docs.deepseek.com',
  keyUrl: 'https://platform.deepseek.com/api_keys',
  keyPrefix: 'sk-',
  quota: { usageEndpoint: { path: '/user/balance', reader: 'deepseek-balance' } },
  models: [
    { id: 'deepseek-chat', contextWindow: 128000 },
    { id: 'deepseek-reasoner', contextWindow: 128000 },
  ],
};
