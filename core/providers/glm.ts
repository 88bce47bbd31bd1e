import type { ProviderDescriptor } from './types.js';

export const glm: ProviderDescriptor = {
  id: 'glm',
  prefix: 'glm',
  name: 'Zhipu GLM',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.z.ai/api/paas/v4',
  auth: 'bearer',
  docsUrl: 'https://docs.z.ai/guides/overview/quick-start',
  keyUrl: 'https://z.ai/manage-apikey/apikey-list',
  models: [
    { id: 'glm-4.6', contextWindow: 200000 },
    { id: 'glm-4.5-air', contextWindow: 128000 },
  ],
};
