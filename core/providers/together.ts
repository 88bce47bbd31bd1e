import type { ProviderDescriptor } from './types.js';

export const together: ProviderDescriptor = {
  id: 'together',
  prefix: 'together',
  name: 'Together AI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.together.xyz/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.together.ai/docs/quickstart',
  keyUrl: 'https://api.together.ai/settings/projects/~current/api-keys',
  endpoints: { embeddings: '/embeddings', images: '/images/generations', rerank: '/rerank' },
  models: [
    { id: 'Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8', contextWindow: 262144 },
    { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', contextWindow: 131072 },
    { id: 'BAAI/bge-base-en-v1.5', contextWindow: 512, kind: 'embedding' },
    { id: 'black-forest-labs/FLUX.1-schnell', kind: 'image' },
    { id: 'Salesforce/Llama-Rank-V1', contextWindow: 8192, kind: 'rerank' },
  ],
};
