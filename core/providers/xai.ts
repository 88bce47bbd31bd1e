import type { ProviderDescriptor } from './types.js';

export const xai: ProviderDescriptor = {
  id: 'xai',
  prefix: 'xai',
  name: 'xAI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.x.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.x.ai/developers/quickstart',
  keyUrl: 'https://console.x.ai/team/default/api-keys',
  keyPrefix: 'xai-',
  models: [
    { id: 'grok-4', contextWindow: 256000 },
    { id: 'grok-code-fast-1', contextWindow: 256000 },
  ],
};
