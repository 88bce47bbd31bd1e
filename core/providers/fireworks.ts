import type { ProviderDescriptor } from './types.js';

export const fireworks: ProviderDescriptor = {
  id: 'fireworks',
  prefix: 'fireworks',
  name: 'Fireworks AI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.fireworks.ai/inference/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.fireworks.ai/getting-started/quickstart',
  keyUrl: 'https://app.fireworks.ai/settings/users/api-keys',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'accounts/fireworks/models/kimi-k2-instruct-0905', contextWindow: 262144 },
    { id: 'accounts/fireworks/models/qwen3-coder-480b-a35b-instruct', contextWindow: 262144 },
    { id: 'nomic-ai/nomic-embed-text-v1.5', contextWindow: 8192, kind: 'embedding' },
  ],
};
