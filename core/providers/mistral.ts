import type { ProviderDescriptor } from './types.js';

export const mistral: ProviderDescriptor = {
  id: 'mistral',
  prefix: 'mistral',
  name: 'Mistral',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.mistral.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.mistral.ai/api',
  keyUrl: 'https://console.mistral.ai/api-keys',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'mistral-large-latest', contextWindow: 128000 },
    { id: 'codestral-latest', contextWindow: 256000 },
    { id: 'devstral-medium-latest', contextWindow: 128000 },
    { id: 'mistral-embed', contextWindow: 8192, kind: 'embedding' },
  ],
};
