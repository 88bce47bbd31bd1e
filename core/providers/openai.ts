import type { ProviderDescriptor } from './types.js';

export const openai: ProviderDescriptor = {
  id: 'openai',
  prefix: 'openai',
  name: 'OpenAI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.openai.com/v1',
  auth: 'bearer',
  docsUrl: 'https://platform.openai.com/docs/api-reference',
  keyUrl: 'https://platform.openai.com/api-keys',
  keyPrefix: 'sk-',
  models: [
    { id: 'gpt-5', contextWindow: 400000 },
    { id: 'gpt-5-mini', contextWindow: 400000 },
    { id: 'gpt-4.1', contextWindow: 1047576 },
    { id: 'gpt-4o', contextWindow: 128000 },
    { id: 'gpt-4o-mini', contextWindow: 128000 },
    { id: 'o3', contextWindow: 200000 },
  ],
};
