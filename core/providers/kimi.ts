import type { ProviderDescriptor } from './types.js';

export const kimi: ProviderDescriptor = {
  id: 'kimi',
  prefix: 'kimi',
  name: 'Moonshot Kimi',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.moonshot.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://platform.moonshot.ai/docs/api/chat',
  keyUrl: 'https://platform.moonshot.ai/console/api-keys',
  keyPrefix: 'sk-',
  quota: { usageEndpoint: { path: '/v1/users/me/balance', reader: 'moonshot-balance' } },
  models: [
    { id: 'kimi-k2-0905-preview', contextWindow: 262144 },
    { id: 'kimi-k2-turbo-preview', contextWindow: 262144 },
  ],
};
